import {
  escapeMrkdwn,
  namesTheEnd,
  renderTemplate,
  templateForDecision,
  TemplateSchema,
  type BannerState,
  type Destination,
  type Template,
} from '@shared/comms';
import { isEnded, progress, type CutoverState } from '@shared/cutover';

/*
 * The composer's draft: the texts as written (with `{{variables}}`), filled with live values
 * only to preview and to send, so the numbers are the ones of the moment it goes out.
 */

export type Draft = {
  /** The template it started from; kept after edits, so the record says where it came from. */
  templateId: string | null;
  text: string;
  bannerText: string;
  state: BannerState;
  destinations: Destination[];
  /** Edited by hand: picking another template would throw the edits away. */
  edited: boolean;
};

/** The stage customers are told the night is at, as it stands. */
export function nightBannerState(state: CutoverState): BannerState {
  switch (state.status) {
    case 'draft':
    case 'scheduled':
      return 'scheduled';
    case 'completed':
      return 'completed';
    case 'rolled_back':
    case 'aborted':
      return 'rolled_back';
    case 'in_progress':
      return state.rollback ? 'rolled_back' : 'in_progress';
  }
}

/**
 * What an update that calls the night ended would tell people that is not so: "Completed"
 * while steps are still to do, "Rolled back" with no rollback begun. Said beside Send, not
 * refused: comms may word the end a minute early, but not by a slip of the template list.
 */
export function endNotYet(state: CutoverState, said: BannerState): string | null {
  const night = nightBannerState(state);
  if (said === night || (said !== 'completed' && said !== 'rolled_back')) return null;
  const { done, total } = progress(state);
  const now =
    night === 'scheduled' ? 'the night has not started' : night === 'rolled_back' ? 'the night is rolling back' : `${done} of ${total} steps are done`;
  return said === 'completed'
    ? `This update says the work is completed, but ${now}.`
    : `This update says the change was backed out, but no rollback has begun: ${now}.`;
}

/**
 * The template a fresh composer starts from. A HOLD or ROLLBACK nobody has told anyone about
 * yet calls for its own message ("Change backed out"): the window starting, ready to send, was
 * the wrong thing to say then. Otherwise the first update of a night usually says the window
 * has started: offered until something was sent.
 */
export function firstTemplateId(state: CutoverState): string | null {
  if (isEnded(state.status)) return null;
  const last = state.decisions[state.decisions.length - 1];
  const lastMessage = state.messages[state.messageOrder[state.messageOrder.length - 1] ?? ''];
  const untold = last && !(lastMessage && lastMessage.requestedAt >= last.at);
  // A GO is told by the steps it lets happen (the switch, then "change complete"), not at once.
  if (untold && last.decision !== 'go') return templateForDecision(last.decision);
  return state.messageOrder.length === 0 ? 'tpl-window-starting' : null;
}

/** A fresh draft from a template (or an empty one), ticking only the destinations that can go. */
export function draftFrom(template: Template | null, enabled: readonly Destination[], fallbackState: BannerState): Draft {
  if (!template)
    return {
      templateId: null,
      text: '',
      bannerText: '',
      state: fallbackState,
      destinations: enabled.includes('slack') ? ['slack'] : ['banner'],
      edited: false,
    };
  return {
    templateId: template.id,
    text: template.text,
    bannerText: template.bannerText,
    state: template.state,
    destinations: template.destinations.filter((d) => enabled.includes(d)),
    edited: false,
  };
}

export type Composed = {
  /** The crew text to send: Slack mrkdwn, with live values escaped so a step title cannot make a link or a mention. */
  text: string;
  /** The same as people read it (values unescaped). */
  preview: string;
  bannerText: string;
  /** The banner line gives the expected end itself ({{projectedEnd}}): the hub adds no live one beside it. */
  bannerNamesEnd: boolean;
  /** Variables no value is known for, each once, crew text first. */
  missing: string[];
  /** Why it cannot be sent as it is, in sentences. */
  problems: string[];
};

const MAX_TEXT = 4000;
const MAX_BANNER = 500;

/**
 * `bannerVars`: the values for the customer line, with times in the zone the lead set for
 * customers, so the banner's text and the time the banner adds never use two clocks.
 */
export function composeDraft(draft: Draft, vars: Readonly<Record<string, string>>, bannerVars: Readonly<Record<string, string>> = vars): Composed {
  const crew = renderTemplate(draft.text, vars, { escape: escapeMrkdwn });
  const preview = renderTemplate(draft.text, vars).text;
  const banner = renderTemplate(draft.bannerText, bannerVars);
  const text = crew.text.trim();
  const bannerText = banner.text.trim();
  const problems: string[] = [];
  if (!text) problems.push('Write the crew message first: it goes to Slack and on the timeline.');
  if (text.length > MAX_TEXT) problems.push(`The crew message is ${text.length} characters; at most ${MAX_TEXT} fit.`);
  if (bannerText.length > MAX_BANNER) problems.push(`The banner line is ${bannerText.length} characters; at most ${MAX_BANNER} fit.`);
  if (draft.destinations.length === 0) problems.push('Choose at least one destination.');
  // Left out of the variables while no end can be promised (customerEnd): a queue not draining yet.
  if (crew.missing.includes('projectedEnd') || banner.missing.includes('projectedEnd'))
    problems.push('No end can be promised now: the queue is not draining (or not read lately). Say so without {{projectedEnd}}, or wait for the forecast.');
  return { text, preview, bannerText, bannerNamesEnd: namesTheEnd(draft.bannerText), missing: [...new Set([...crew.missing, ...banner.missing])], problems };
}

/** "{{lag.alarm-queue.eta}} is not known", with the likely reason for a lag series. */
export function missingSentence(name: string): string {
  const series = /^lag\.(.+)\.(name|value|eta|summary)$/.exec(name)?.[1];
  if (series && series !== 'worst') return `{{${name}}} is not known: this cutover has no lag series “${series}”.`;
  return `{{${name}}} is not known.`;
}

/** A sent crew text as people read it: Slack's escapes undone (the text itself is never HTML). */
export const readableMrkdwn = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export type Segment = { text: string; bold: boolean; missing: boolean };

const BOLD = /\*([^*\n]+)\*/g;
const VARIABLE = /\{\{([\w.-]+)\}\}/g;

function splitMissing(text: string, bold: boolean, missing: ReadonlySet<string>, out: Segment[]): void {
  let from = 0;
  for (const m of text.matchAll(VARIABLE)) {
    if (!missing.has(m[1]!)) continue;
    if (m.index > from) out.push({ text: text.slice(from, m.index), bold, missing: false });
    out.push({ text: m[0], bold, missing: true });
    from = m.index + m[0].length;
  }
  if (from < text.length) out.push({ text: text.slice(from), bold, missing: false });
}

/**
 * A filled text as lines of segments, for the preview: Slack's *bold* shown bold, and the
 * variables with no value marked, so they are seen before anything is sent.
 */
export function previewLines(text: string, missing: readonly string[]): Segment[][] {
  const unknown = new Set(missing);
  return text.split('\n').map((line) => {
    const out: Segment[] = [];
    let from = 0;
    for (const m of line.matchAll(BOLD)) {
      if (m.index > from) splitMissing(line.slice(from, m.index), false, unknown, out);
      splitMissing(m[1]!, true, unknown, out);
      from = m.index + m[0].length;
    }
    if (from < line.length) splitMissing(line.slice(from), false, unknown, out);
    return out;
  });
}

/** A blank template of the crew's own, under an id no other template has. */
export function newTemplate(takenIds: readonly string[]): Template {
  let n = 1;
  while (takenIds.includes(`tpl-own-${n}`)) n++;
  return { id: `tpl-own-${n}`, title: 'New update', moment: 'custom', text: '', bannerText: '', state: 'in_progress', destinations: ['slack'] };
}

const FIELD_WORDS: Record<string, string> = { title: 'Title', text: 'Crew message', bannerText: 'Banner line', destinations: 'Destinations' };

/** The template as the hub would take it, or what is wrong with it in sentences. */
export function checkTemplate(t: Template): { ok: true; template: Template } | { ok: false; problems: string[] } {
  const r = TemplateSchema.safeParse(t);
  if (r.success) return { ok: true, template: r.data };
  return {
    ok: false,
    problems: r.error.issues.map(
      (i) => `${FIELD_WORDS[String(i.path[0])] ?? String(i.path[0] ?? 'Template')}: ${i.code === 'too_small' ? 'cannot be empty' : i.message}`,
    ),
  };
}

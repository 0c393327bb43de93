import type { BannerState } from './schema';
import { clock, zoneName } from './format';

/*
 * Slack Block Kit, only the few blocks a message on a phone needs: a header, sections of
 * mrkdwn, a context line. Typed here (structurally the same as @slack/types) so shared/
 * needs no Slack package; the hub passes these through as they are.
 */

export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };
export type Mrkdwn = { type: 'mrkdwn'; text: string };
export type HeaderBlock = { type: 'header'; text: PlainText };
export type SectionBlock = { type: 'section'; text?: Mrkdwn; fields?: Mrkdwn[] };
export type ContextBlock = { type: 'context'; elements: Mrkdwn[] };
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock;

/** Slack refuses a whole message when one field is too long, so every text is cut to these. */
export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  contextText: 2000,
  /** The top-level `text`: Slack takes far more, but notifications show a line or two. */
  fallbackText: 3000,
  /** Sections one message's text may fill before the rest is cut. */
  sections: 4,
} as const;

/**
 * Cuts to at most `max` UTF-16 units (how Slack counts) with "…", never inside an emoji's
 * surrogate pair or an `&amp;` entity, which would show as garbage.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out.replace(/&[a-z]{0,4}$/, '').trimEnd()}…`;
}

/** Splits long text into pieces of at most `max`, at a line break where there is one. */
export function chunkText(text: string, max: number, maxChunks: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max && chunks.length < maxChunks - 1) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^\n+/, '');
  }
  chunks.push(truncate(rest, max));
  return chunks.filter((c) => c.trim() !== '');
}

export const STATE_EMOJI: Record<BannerState, string> = {
  scheduled: '🗓️',
  in_progress: '🔧',
  verifying: '🔍',
  completed: '✅',
  rolled_back: '🔴',
};

export const STATE_LABEL: Record<BannerState, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  rolled_back: 'Rolled back',
};

export const header = (text: string): HeaderBlock => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, SLACK_LIMITS.header), emoji: true } });
export const context = (text: string): ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.contextText) }] });
export const mrkdwn = (text: string, max: number): Mrkdwn => ({ type: 'mrkdwn', text: truncate(text, max) });

export type MessageBlocksInput = { title: string; text: string; state: BannerState; at: number; timeZone: string };

/** A message from a template: its title as the header, the text, and when and at which stage. */
export function messageBlocks({ title, text, state, at, timeZone }: MessageBlocksInput): SlackBlock[] {
  const sections = chunkText(text, SLACK_LIMITS.sectionText, SLACK_LIMITS.sections).map((t): SectionBlock => ({
    type: 'section',
    text: { type: 'mrkdwn', text: t },
  }));
  return [header(`${STATE_EMOJI[state]} ${title}`), ...sections, context(`${STATE_LABEL[state]} · ${clock(at, timeZone)} ${zoneName(at, timeZone)}`)];
}

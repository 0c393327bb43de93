import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import type { CommandOf } from '../cutover/commands';
import type { CutoverState } from '../cutover/state';
import { bannerDownAt } from './banner';
import { STATE_LABEL } from './blocks';
import { overtakenBy } from './lanes';
import type { Destination, MessageState, Template } from './schema';
import { maySend } from './senders';
import { clockTime } from '../time';

// The rule used to live here; screens that imported it from here still find it.
export { maySend } from './senders';

/** Which destinations are set up, so a message is never queued for one that cannot go. */
export function missingDestination(state: CutoverState, destinations: readonly string[]): string | null {
  const { slack, statuspage, webhook } = state.comms.config;
  const configured: Record<string, boolean> = { banner: true, slack: slack !== null, statuspage: statuspage !== null, webhook: webhook !== null };
  return destinations.find((d) => !configured[d]) ?? null;
}

function decideConfigure(_state: CutoverState, command: CommandOf<'comms.configure'>): Decision {
  const hook = command.payload.config.webhook;
  if (hook && 'url' in hook)
    return refuse('precondition', 'A webhook URL is stored as a hub secret, not in the config, which every event and archive carries: it often holds a token');
  return accept({ type: 'comms.configured', payload: command.payload });
}

function decideAllow(state: CutoverState, command: CommandOf<'comms.allow'>): Decision {
  const member = state.members[command.payload.memberId];
  if (!member) return refuse('not_found', 'There is no such member');
  return accept({ type: 'comms.allowed', payload: command.payload });
}

function decideSaveTemplate(state: CutoverState, command: CommandOf<'template.save'>): Decision {
  const { template, base } = command.payload;
  const saved = state.comms.templates[template.id] ?? null;
  // Saved by someone else since this editor opened: saving now would put their wording back to
  // what the editor started from, unseen (a fixed banner line lost at 2 AM).
  if (base !== undefined && !sameTemplate(saved, base)) return refuse('precondition', templateChangedRefusal(template, saved, base));
  return accept({ type: 'template.saved', payload: { template } });
}

const TEMPLATE_FIELDS = ['title', 'moment', 'text', 'bannerText', 'state'] as const;
function sameTemplate(a: Template | null, b: Template | null): boolean {
  if (a === null || b === null) return a === b;
  return TEMPLATE_FIELDS.every((k) => a[k] === b[k]) && a.destinations.join() === b.destinations.join();
}

/** "“Window started” was changed by someone else after you opened it: its customer line now reads “…”. …" */
function templateChangedRefusal(
  template: Template,
  saved: Template | null,
  base: Template | null,
  then = 'Your text is kept here: close the editor, open the template again, and make your change on theirs',
): string {
  const quote = (text: string) => `“${text.length > 80 ? `${text.slice(0, 80)}…` : text}”`;
  const what = !saved
    ? 'it was reset to the built-in wording'
    : base?.bannerText !== saved.bannerText
      ? `its customer line now reads ${quote(saved.bannerText)}`
      : base?.text !== saved.text
        ? `its message now reads ${quote(saved.text)}`
        : 'its title, state or destinations changed';
  return `“${template.title}” was changed by someone else after you opened it: ${what}. ${then}`;
}

function decideRemoveTemplate(state: CutoverState, command: CommandOf<'template.remove'>): Decision {
  const template = state.comms.templates[command.payload.templateId];
  if (!template) return refuse('not_found', `There is no template "${command.payload.templateId}"`);
  // Reset or removed from an editor opened before someone saved a fix: their line would go unseen.
  const { base } = command.payload;
  if (base !== undefined && !sameTemplate(template, base))
    return refuse('precondition', templateChangedRefusal(template, template, base, 'Nothing was reset: open the template again to see theirs first'));
  return accept({ type: 'template.removed', payload: { templateId: template.id, title: template.title } });
}

function decideSend(state: CutoverState, command: CommandOf<'message.send'>, ctx: DecideContext): Decision {
  if (!maySend(state, ctx.actor)) return refuse('forbidden', 'Only comms, the lead, or someone the lead allowed may send updates');
  const { templateId, destinations, after, ...message } = command.payload;
  if (new Set(destinations).size !== destinations.length) return refuse('precondition', 'A destination is listed twice');
  const missing = missingDestination(state, destinations);
  if (missing)
    return refuse(
      'precondition',
      `${missing === 'statuspage' ? 'The status page' : missing === 'slack' ? 'Slack' : 'The webhook'} is not set up for this cutover yet`,
    );
  // Past the time it stays up after the night, the banner is down: an update to it would say
  // "sent" of a line no customer sees.
  const down = destinations.includes('banner') ? bannerDownAt(state, ctx.now) : null;
  if (down !== null && ctx.now >= down)
    return refuse(
      'precondition',
      `The banner came down at ${clockTime(down, state.info?.window.timeZone ?? 'UTC')}, as set for after the night: no customer would see this. Send it to the status page or Slack, or keep the banner up longer in its settings`,
    );
  // The crew's text speaks of steps and lag; customers get only the line written for them.
  if (message.bannerText === '' && destinations.some((d) => d === 'banner' || d === 'statuspage')) {
    return refuse('precondition', 'Write the customer line: the banner and the status page show only that, never the crew message');
  }
  const twin = sameUpdateJustSent(state, command.payload, ctx.now);
  if (twin)
    return refuse(
      'precondition',
      `${twin.requestedBy} sent this same update ${Math.max(1, Math.round((ctx.now - twin.requestedAt) / 1000))} s ago: it is not posted twice. Change it to send another`,
    );
  const overtaking = sentSinceShown(state, after, destinations, message.state, ctx.actor.name);
  if (overtaking) return refuse('precondition', sentSinceRefusal(state, overtaking, destinations));
  return accept({ type: 'message.requested', payload: { messageId: ctx.newId(), templateId: templateId ?? null, destinations, ...message } });
}

/**
 * An update someone else asked for, to one of these places, after the newest one the sender's
 * screen showed (`after`): the sender wrote without it. "Maintenance in progress", queued while
 * the link was down, would reach the status page after Cara's "Completed" and put the finished
 * work back in progress for the customers. One cancelled there has said nothing, and one in
 * the same state is a note beside it. Their own updates the sender has seen, even queued.
 */
function sentSinceShown(
  state: CutoverState,
  after: string | null | undefined,
  destinations: readonly Destination[],
  says: MessageState['state'],
  by: string,
): MessageState | null {
  if (after === undefined) return null;
  const from = after === null ? -1 : state.messageOrder.indexOf(after);
  for (let i = state.messageOrder.length - 1; i > from; i--) {
    const sent = state.messages[state.messageOrder[i]!];
    // One saying the same state ("in progress" twice) is a note beside this one, not overtaken by it.
    if (!sent || sent.requestedBy === by || sent.state === says) continue;
    if (destinations.some((d) => sent.deliveries[d] && sent.deliveries[d].status !== 'cancelled')) return sent;
  }
  return null;
}

/** "Cara sent “Completed” to the status page at 21:40, since your screen showed the updates: …" */
function sentSinceRefusal(state: CutoverState, later: MessageState, destinations: readonly Destination[]): string {
  const places = destinations.filter((d) => later.deliveries[d] && later.deliveries[d].status !== 'cancelled').map((d) => PLACE[d]);
  const at = clockTime(later.requestedAt, state.info?.window.timeZone ?? 'UTC');
  return `${later.requestedBy} sent “${STATE_LABEL[later.state]}” to ${places.join(' and ')} at ${at}, after the updates your screen showed: yours would go out after it. Read it, then send yours again if it still holds`;
}

/** How long the same words to the same places count as one update sent twice. */
const TWIN_MS = 60_000;

/**
 * The update with these very words, state and destinations requested in the last minute and
 * not cancelled everywhere, if there is one. Two people sending the suggested update at once,
 * or one sending it again after a reload, would post it twice to Slack and the status page,
 * where customers read it. Later, the same words are a deliberate reminder, and go. Two sends
 * of one template as it stands (`unedited`) are the same update even when a live figure in it
 * moved between them (lag 12,400 rows, then 12,380): the filled text alone missed those.
 */
function sameUpdateJustSent(state: CutoverState, m: CommandOf<'message.send'>['payload'], now: number): MessageState | null {
  for (let i = state.messageOrder.length - 1; i >= 0; i--) {
    const sent = state.messages[state.messageOrder[i]!];
    if (!sent) continue;
    if (now - sent.requestedAt >= TWIN_MS) return null;
    const places = Object.keys(sent.deliveries);
    const sameWords = (sent.text === m.text && sent.bannerText === m.bannerText) || (sent.unedited && m.unedited && sent.templateId === (m.templateId ?? null));
    const same = sameWords && sent.state === m.state && places.length === m.destinations.length && m.destinations.every((d) => places.includes(d));
    if (same && Object.values(sent.deliveries).some((d) => d?.status !== 'cancelled')) return sent;
  }
  return null;
}

function decideRetryOrCancel(state: CutoverState, command: CommandOf<'message.retry'> | CommandOf<'message.cancel'>, ctx: DecideContext): Decision {
  if (!maySend(state, ctx.actor)) return refuse('forbidden', 'Only comms, the lead, or someone the lead allowed may retry or cancel updates');
  const { messageId, destination } = command.payload;
  const delivery = state.messages[messageId]?.deliveries[destination];
  if (!delivery) return refuse('not_found', 'There is no such message for that destination');
  if (command.type === 'message.retry') {
    if (delivery.status !== 'failed') return refuse('precondition', `This update is ${delivery.status}; only a failed one can be retried`);
    const later = overtakenBy(state, messageId, destination);
    if (later) return refuse('precondition', overtakenRefusal(later, destination));
    return accept({ type: 'delivery.retried', payload: command.payload });
  }
  if (delivery.status === 'sent' || delivery.status === 'cancelled') return refuse('precondition', `This update is already ${delivery.status}`);
  if (delivery.status === 'sending') return refuse('precondition', 'This update is being sent right now; wait for the result, then cancel or retry');
  return accept({ type: 'delivery.cancelled', payload: command.payload });
}

const PLACE: Record<Destination, string> = { slack: 'Slack', banner: 'the banner', statuspage: 'the status page', webhook: 'the webhook' };

/** "A later update has reached the status page since (“Completed”, sent by Cara): …" */
function overtakenRefusal(later: MessageState, d: Destination): string {
  return `A later update has reached ${PLACE[d]} since (“${STATE_LABEL[later.state]}”, sent by ${later.requestedBy}): retrying this one would post it after that, and readers would be told what is no longer true. Send a new update instead`;
}

export const commsCommands = {
  'comms.configure': decideConfigure,
  'comms.allow': decideAllow,
  'template.save': decideSaveTemplate,
  'template.remove': decideRemoveTemplate,
  'message.send': decideSend,
  'message.retry': decideRetryOrCancel,
  'message.cancel': decideRetryOrCancel,
} satisfies CommandTable;

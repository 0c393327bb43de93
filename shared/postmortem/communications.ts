import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { DESTINATIONS, type DeliveryState, type Destination, type MessageState } from '../comms/schema';
import { destinationsText, updateHeadline } from '../comms/updateLine';
import { list, oneLine, plural, when, who, type Ctx } from './context';

/*
 * "## Communications": what the crew told Slack and the customers, oldest first, from the
 * messages as the record leaves them (state.messages): who sent it, where to, the text, and
 * how each delivery ended. A message the outbox gave up on also goes under "What did not".
 */

const LABEL: Record<Destination, string> = { slack: 'Slack', banner: 'banner', statuspage: 'Statuspage', webhook: 'webhook' };

/** The destinations of a message, in one fixed order whatever order they were ticked in. */
const deliveriesOf = (m: MessageState): DeliveryState[] => DESTINATIONS.flatMap((d) => m.deliveries[d] ?? []);

const attempts = (d: DeliveryState) => plural(d.attempts, 'attempt');
const error = (d: DeliveryState) => (d.lastError && oneLine(d.lastError) ? ` (${oneLine(d.lastError)})` : '');

/** "Slack sent", "Slack sent at 20:41 after 3 attempts", "Slack failed after 8 attempts (…)". */
function outcome(ctx: Ctx, m: MessageState, d: DeliveryState): string {
  const label = LABEL[d.destination];
  const at = when(ctx, d.updatedAt);
  const later = at === when(ctx, m.requestedAt) ? '' : ` at ${at}`;
  switch (d.status) {
    case 'sent':
      return `${label} sent${later}${d.attempts > 1 ? ` after ${attempts(d)}` : ''}`;
    case 'failed':
      return `${label} failed after ${attempts(d)}${error(d)}`;
    case 'cancelled':
      return `${label} cancelled${later}${d.lastError ? ` after ${attempts(d)}${error(d)}` : ''}`;
    case 'sending':
      return `${label} still sending at the end of the record`;
    case 'queued':
      return d.lastError
        ? `${label} still being retried at the end of the record, after ${attempts(d)}${error(d)}`
        : `${label} not sent by the end of the record`;
  }
}

function messageLine(ctx: Ctx, m: MessageState): string {
  const deliveries = deliveriesOf(m);
  const to = deliveries.map((d) => LABEL[d.destination]).join(', ');
  const text = oneLine(m.text);
  // What the customers saw, when it was not the crew's text.
  const customers = deliveries.some((d) => d.destination !== 'slack' && d.destination !== 'webhook');
  const banner = customers && oneLine(m.bannerText) && oneLine(m.bannerText) !== text ? ` (banner: “${oneLine(m.bannerText)}”)` : '';
  const outcomes = deliveries.map((d) => outcome(ctx, m, d)).join(', ');
  const at = when(ctx, m.requestedAt);
  // "20:31 Update to …", or "06:56 on 30 April, update to …" once the date is written out.
  const head = at.includes(' ') ? `${at}, update` : `${at} Update`;
  return `${head} to ${to || 'nowhere'} by ${who(m.requestedBy)}: ${text}${banner}${outcomes ? ` — ${outcomes}` : ''}`;
}

const messages = (ctx: Ctx): MessageState[] => ctx.state.messageOrder.flatMap((id) => ctx.state.messages[id] ?? []);

export function communications(ctx: Ctx): string {
  return list(
    messages(ctx).map((m) => messageLine(ctx, m)),
    'No messages were recorded.',
  );
}

/** Items for "What did not": every delivery the outbox gave up on. */
export function undeliveredMessages(ctx: Ctx): string[] {
  return messages(ctx).flatMap((m) =>
    deliveriesOf(m)
      .filter((d) => d.status === 'failed')
      .map(
        (d) =>
          `The update at ${when(ctx, m.requestedAt)} by ${who(m.requestedBy)} did not reach ${d.destination === 'banner' ? 'the banner' : LABEL[d.destination]}: it failed after ${attempts(d)}${error(d)}.`,
      ),
  );
}

const toCustomers = (d: DeliveryState) => d.destination === 'banner' || d.destination === 'statuspage';
const NOT_SENT: Record<Exclude<DeliveryState['status'], 'sent'>, string> = {
  failed: 'failed',
  cancelled: 'cancelled',
  sending: 'still sending at the end of the record',
  queued: 'not sent by the end of the record',
};

/**
 * What the customers were told on the banner or status page: how many updates reached one
 * (sent), and each that did not reach one it was meant for: "the update at 19:40 by Cleo
 * (banner failed)". A failed update is not something the customers were told.
 */
export function customerUpdates(ctx: Ctx): { told: number; missed: string[] } {
  let told = 0;
  const missed: string[] = [];
  for (const m of messages(ctx)) {
    const mine = deliveriesOf(m).filter(toCustomers);
    if (mine.some((d) => d.status === 'sent')) told++;
    const lost = mine.flatMap((d) => (d.status === 'sent' ? [] : [`${LABEL[d.destination]} ${NOT_SENT[d.status]}`]));
    if (lost.length) missed.push(`the update at ${when(ctx, m.requestedAt)} by ${who(m.requestedBy)} (${lost.join(', ')})`);
  }
  return { told, missed };
}

type Ended = 'sent' | 'failed' | 'cancelled';

/** "sent", or each outcome where they differ: "sent to banner; Slack failed". */
function endedText(ended: ReadonlyMap<Destination, Ended>): string {
  const by = (o: Ended) => DESTINATIONS.filter((d) => ended.get(d) === o);
  const outcomes = new Set(ended.values());
  if (outcomes.size === 1) return [...outcomes][0]!;
  return [
    by('sent').length ? `sent to ${destinationsText(by('sent'))}` : '',
    ...(['failed', 'cancelled'] as const).map((o) => (by(o).length ? `${destinationsText(by(o))} ${o}` : '')),
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * The timeline's line for each update, at the moment its last destination was done with it
 * (sent, given up, cancelled): "Update to Slack, banner: Processing paused, sent". An update
 * retried by hand after that ends again, and says so again. One still under way when the
 * record stops stands at the moment it was sent, as such. `seq` orders lines of one moment.
 */
export function updateTimelineLines(state: CutoverState, events: readonly CutoverEvent[]): Array<{ at: number; seq: number; text: string }> {
  const lines: Array<{ at: number; seq: number; text: string; id: string }> = [];
  const open = new Map<string, { requested: CutoverEvent; waiting: Set<Destination>; ended: Map<Destination, Ended> }>();
  const head = (id: string) => {
    const m = state.messages[id];
    return m ? `Update to ${destinationsText(Object.keys(m.deliveries) as Destination[])}: ${updateHeadline(m.text)}` : 'Update';
  };
  for (const e of events) {
    if (e.type === 'message.requested') open.set(e.payload.messageId, { requested: e, waiting: new Set(e.payload.destinations), ended: new Map() });
    if (e.type !== 'delivery.sent' && e.type !== 'delivery.failed' && e.type !== 'delivery.cancelled' && e.type !== 'delivery.retried') continue;
    const update = open.get(e.payload.messageId);
    const d = e.payload.destination;
    if (!update) continue;
    // Cancelled while it waited to retry, then found there after all (its earlier attempt had
    // reached it): the line that said "cancelled" is put right, not left standing alone.
    if (e.type === 'delivery.sent' && !update.waiting.has(d) && update.ended.get(d) === 'cancelled') {
      update.ended.set(d, 'sent');
      lines.push({
        at: e.ts,
        seq: e.seq,
        id: e.payload.messageId,
        text: `${head(e.payload.messageId)}: it had reached ${destinationsText([d])} before it was cancelled`,
      });
      continue;
    }
    if (e.type === 'delivery.retried') update.waiting.add(d);
    // Still being retried: not an end.
    if (e.type === 'delivery.retried' || (e.type === 'delivery.failed' && e.payload.retryAt !== null)) continue;
    update.ended.set(d, e.type === 'delivery.sent' ? 'sent' : e.type === 'delivery.cancelled' ? 'cancelled' : 'failed');
    if (!update.waiting.delete(d) || update.waiting.size > 0) continue;
    lines.push({ at: e.ts, seq: e.seq, id: e.payload.messageId, text: `${head(e.payload.messageId)}, ${endedText(update.ended)}` });
  }
  for (const [id, update] of open) {
    if (update.waiting.size > 0 && !lines.some((l) => l.id === id))
      lines.push({ at: update.requested.ts, seq: update.requested.seq, id, text: `${head(id)}, not yet sent everywhere at the end of the record` });
  }
  return lines.map(({ at, seq, text }) => ({ at, seq, text }));
}

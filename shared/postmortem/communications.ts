import { DESTINATIONS, type DeliveryState, type Destination, type MessageState } from '../comms/schema';
import { list, oneLine, plural, when, type Ctx } from './context';

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
      return d.lastError ? `${label} still being retried at the end of the record, after ${attempts(d)}${error(d)}` : `${label} not sent by the end of the record`;
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
  return `${head} to ${to || 'nowhere'} by ${m.requestedBy}: ${text}${banner}${outcomes ? ` — ${outcomes}` : ''}`;
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
      .map((d) => `The update at ${when(ctx, m.requestedAt)} by ${m.requestedBy} did not reach ${d.destination === 'banner' ? 'the banner' : LABEL[d.destination]}: it failed after ${attempts(d)}${error(d)}.`),
  );
}

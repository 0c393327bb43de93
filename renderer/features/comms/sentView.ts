import { DESTINATIONS, type DeliveryState, type Destination, type MessageState } from '@shared/comms';
import type { CutoverEvent } from '@shared/cutover';
import { clockTime } from '../../lib/time';
import type { ChipTone } from './deliveryView';

/*
 * What the composer says about the update just sent, destination by destination, from the
 * journal alone: "sent" is said only of what reached its destination. While Slack is down
 * it says "retrying at 18:49:35, attempt 3", never a green "Sent at 18:49".
 */

export type SentState = 'queued' | 'waiting' | 'sending' | 'delivered' | 'retrying' | 'failed' | 'cancelled';
export type SentLine = { destination: Destination; label: string; state: SentState; text: string; tone: ChipTone };
export type SentReport = { state: 'delivered' | 'under_way' | 'retrying' | 'failed' | 'cancelled'; headline: string; lines: SentLine[] };

const LABEL: Record<Destination, string> = { slack: 'Slack', banner: 'Banner', statuspage: 'Status page', webhook: 'Webhook' };

/** The update `memberId` sent after `sinceSeq` (the first, should a second window have sent one too). */
export function sentMessageId(events: readonly CutoverEvent[], memberId: string, sinceSeq: number): string | null {
  let found: string | null = null;
  for (let i = events.length - 1; i >= 0 && events[i]!.seq > sinceSeq; i--) {
    const e = events[i]!;
    if (e.type === 'message.requested' && e.actor.id === memberId) found = e.payload.messageId;
  }
  return found;
}

const attempts = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

/** One destination's state in words; `behind`: an earlier update to it has not gone yet. */
export function sentLine(d: DeliveryState, tz: string, behind: boolean): SentLine {
  const line = (state: SentState, text: string, tone: ChipTone): SentLine => ({ destination: d.destination, label: LABEL[d.destination], state, text, tone });
  const why = d.lastError ? `: ${d.lastError}` : '';
  switch (d.status) {
    case 'queued':
      if (behind) return line('waiting', 'waiting for the update before it', 'calm');
      // The outbox keeps a failed delivery queued while it means to try again.
      if (d.retryAt !== null) return line('retrying', `retrying at ${clockTime(d.retryAt, tz, true)}, attempt ${d.attempts + 1}${why}`, 'warn');
      return line('queued', 'queued', 'calm');
    case 'sending':
      return line('sending', d.attempts > 1 ? `sending, attempt ${d.attempts}` : 'sending', 'info');
    case 'sent':
      return line('delivered', `delivered at ${clockTime(d.updatedAt, tz, true)}`, 'ok');
    case 'failed':
      return line('failed', `failed for good after ${attempts(Math.max(1, d.attempts))}${why}`, 'danger');
    case 'cancelled':
      return line('cancelled', 'cancelled', 'muted');
  }
}

/** Every destination of the update, and one headline that is only "delivered" when all of them are. */
export function sentReport(message: MessageState, tz: string, behind: ReadonlySet<Destination> = new Set()): SentReport {
  const deliveries = DESTINATIONS.flatMap((d) => message.deliveries[d] ?? []);
  const lines = deliveries.map((d) => sentLine(d, tz, behind.has(d.destination)));
  const named = (s: SentState) =>
    lines
      .filter((l) => l.state === s)
      .map((l) => l.label)
      .join(', ');
  if (lines.some((l) => l.state === 'failed')) return { state: 'failed', headline: `Not delivered to ${named('failed')}: the hub gave up`, lines };
  if (lines.some((l) => l.state === 'retrying'))
    return { state: 'retrying', headline: `Not delivered to ${named('retrying')} yet: the hub keeps trying`, lines };
  const done = lines.filter((l) => l.state === 'delivered' || l.state === 'cancelled');
  if (lines.length > 0 && done.length === lines.length) {
    // "Delivered" alone is said only when every destination has it: a cancelled one is named.
    const cancelled = named('cancelled');
    if (!lines.some((l) => l.state === 'delivered')) return { state: 'cancelled', headline: 'Cancelled: it went nowhere', lines };
    const last = Math.max(...deliveries.filter((d) => d.status === 'sent').map((d) => d.updatedAt));
    const at = clockTime(last, tz, true);
    return {
      state: 'delivered',
      headline: cancelled ? `Delivered to ${named('delivered')} at ${at}; cancelled for ${cancelled}` : `Delivered at ${at}`,
      lines,
    };
  }
  return { state: 'under_way', headline: 'On its way', lines };
}

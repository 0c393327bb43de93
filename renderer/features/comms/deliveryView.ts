import { DESTINATIONS, overtakenBy, STATE_LABEL, waitingBehind, type DeliveryState, type DeliveryStatus, type Destination } from '@shared/comms';
import type { CutoverState } from '@shared/cutover';
import { clockTime } from '../../lib/time';
import { findTemplate, type TemplateEntry } from './commsView';

/** Calm for waiting, info while it goes, ok once there, warn while retrying, danger once given up. */
export type ChipTone = 'calm' | 'info' | 'ok' | 'warn' | 'danger' | 'muted';

export type DeliveryChip = {
  destination: Destination;
  label: string;
  status: DeliveryStatus;
  /** What happened, in words: "sent 21:02", "retrying at 21:04 (attempt 3): Slack is rate limiting". */
  text: string;
  tone: ChipTone;
  /** Where the message can be seen (an http(s) address only), and what to call the link. */
  link: { href: string; label: string } | null;
  canRetry: boolean;
  canCancel: boolean;
};

const SHORT_LABEL: Record<Destination, string> = { slack: 'Slack', banner: 'Banner', statuspage: 'Status page', webhook: 'Webhook' };
const LINK_LABEL: Record<Destination, string> = { slack: 'open in Slack', banner: 'open', statuspage: 'open the status page', webhook: 'open' };

/** The address when it is http(s), else null: a provider's permalink is still a string from outside. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function chipWords(d: DeliveryState, tz: string, behind: boolean, overtaken: boolean): { text: string; tone: ChipTone } {
  switch (d.status) {
    case 'queued':
      // The outbox sends each destination's updates in order: this one goes after that one.
      if (behind) return { text: 'waiting for the update before it', tone: 'calm' };
      // The outbox keeps a failed delivery queued while it means to try again.
      if (d.retryAt !== null)
        return { text: `retrying at ${clockTime(d.retryAt, tz)} (attempt ${d.attempts + 1})${d.lastError ? `: ${d.lastError}` : ''}`, tone: 'warn' };
      return { text: d.lastError ? 'queued to try again' : 'queued', tone: 'calm' };
    case 'sending':
      return { text: d.attempts > 1 ? `sending (attempt ${d.attempts})` : 'sending', tone: 'info' };
    case 'sent':
      return { text: `sent ${clockTime(d.updatedAt, tz)}`, tone: 'ok' };
    case 'failed':
      if (overtaken) return { text: `failed: ${d.lastError ?? 'no reason was given'} · a later update has gone there since`, tone: 'calm' };
      return { text: `failed: ${d.lastError ?? 'no reason was given'}`, tone: 'danger' };
    case 'cancelled':
      return { text: 'cancelled', tone: 'muted' };
  }
}

/**
 * One destination's delivery as its chip says it, and what a sender may do about it.
 * `behind`: an earlier update to the same destination has not gone yet (shared/comms/lanes).
 * `overtaken`: a later one has gone there since, so a failed one is not retried (the hub
 * refuses it: old news would land after new); it may still be cancelled, to clear it.
 */
export function deliveryChip(d: DeliveryState, tz: string, behind = false, overtaken = false): DeliveryChip {
  const href = d.status === 'sent' ? safeHttpUrl(d.permalink) : null;
  return {
    destination: d.destination,
    label: SHORT_LABEL[d.destination],
    status: d.status,
    ...chipWords(d, tz, behind, overtaken),
    link: href ? { href, label: LINK_LABEL[d.destination] } : null,
    canRetry: d.status === 'failed' && !overtaken,
    // The hub cancels what has not gone yet; what is being sent right now has to finish first.
    canCancel: d.status === 'failed' || d.status === 'queued',
  };
}

export type MessageRow = {
  id: string;
  text: string;
  bannerText: string;
  by: string;
  /** HH:MM in the cutover's zone. */
  at: string;
  stateLabel: string;
  templateTitle: string | null;
  chips: DeliveryChip[];
};

/** Every update, newest first, with a chip per destination in a fixed order. */
export function messageRows(state: Pick<CutoverState, 'messages' | 'messageOrder' | 'info'>, entries: readonly TemplateEntry[]): MessageRow[] {
  const tz = state.info?.window.timeZone ?? 'UTC';
  const behind = waitingBehind(state);
  const rows: MessageRow[] = [];
  for (let i = state.messageOrder.length - 1; i >= 0; i--) {
    const m = state.messages[state.messageOrder[i]!];
    if (!m) continue;
    rows.push({
      id: m.id,
      text: m.text,
      bannerText: m.bannerText,
      by: m.requestedBy,
      at: clockTime(m.requestedAt, tz),
      stateLabel: STATE_LABEL[m.state],
      templateTitle: findTemplate(entries, m.templateId)?.title ?? null,
      chips: DESTINATIONS.flatMap((d) => {
        const delivery = m.deliveries[d];
        if (!delivery) return [];
        const overtaken = delivery.status === 'failed' && overtakenBy(state, m.id, d) !== null;
        return [deliveryChip(delivery, tz, behind.get(m.id)?.has(d) === true, overtaken)];
      }),
    });
  }
  return rows;
}

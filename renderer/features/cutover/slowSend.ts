import type { PendingCommand } from '@shared/client';

/**
 * How long a change may wait for the hub on a live link before the page says it is still
 * sending. The hub answers in milliseconds: the page's banner used to appear and go again on
 * every click, and being at the top of the screen it moved all of it down and back up, one
 * frame each, with a relayout and a repaint of the whole page both times. The clicked row says
 * "sending…" at once; the page speaks when the wait is one a person notices.
 */
export const SLOW_SEND_MS = 1000;

/** When the longest-waiting of `pending` was queued, or null when nothing waits. */
export function oldestQueuedAt(pending: readonly PendingCommand[]): number | null {
  let oldest: number | null = null;
  for (const c of pending) if (oldest === null || c.queuedAt < oldest) oldest = c.queuedAt;
  return oldest;
}

/** In how many ms the wait since `oldest` becomes slow (0 or less: it is), or null when nothing waits. */
export const slowIn = (oldest: number | null, now: number): number | null => (oldest === null ? null : oldest + SLOW_SEND_MS - now);

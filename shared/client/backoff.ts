export type Backoff = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, maxMs: 10_000 };

/**
 * "Full jitter": a random delay up to an exponentially growing cap. When the hub comes
 * back, a whole crew reconnecting does not arrive in one synchronised wave.
 */
export function reconnectDelay(attempt: number, random: () => number, b: Backoff = DEFAULT_BACKOFF): number {
  const cap = Math.min(b.maxMs, b.baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(random() * cap);
}

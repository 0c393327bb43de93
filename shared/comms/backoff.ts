import { MIN } from '../time';
/*
 * How long the outbox waits before trying a delivery again, as docs/integrations.md says it:
 * from 2 s, doubling, to 5 min, with up to a quarter more at random so a hub coming back
 * does not retry everything in the same second. It stands here once: the hub waits by it,
 * and the tests check the waits the journal records against it.
 */
export const RETRY = {
  baseMs: 2_000,
  capMs: 5 * MIN,
  /** Ten attempts: the last waits out the 5-minute cap, about a quarter of an hour in all. */
  maxAttempts: 10,
  jitter: 0.25,
} as const;

/** The wait after failed attempt `attempt` (1-based), `random` in [0, 1): never under base·2^(n−1) (below the cap), never over the cap. */
export function retryDelayMs(attempt: number, random: number): number {
  const plain = Math.min(RETRY.capMs, RETRY.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.min(RETRY.capMs, Math.round(plain * (1 + RETRY.jitter * random)));
}

/** How many readings one invite may push: a sustained rate and a burst on top. */
export type PushLimit = { perSecond: number; burst: number };

/**
 * A night of ten series at 1 Hz is ten readings a second. The default allows two hundred
 * times that, so a pusher that was away for an hour sends the hour again within a minute;
 * the burst is two pushes of the largest size (10,000 readings). Past that, readings would
 * only fill the hub's disk (the full record is kept there) and hold its event loop while
 * they are taken in, which the crew's commands wait behind.
 */
export const DEFAULT_PUSH_LIMIT: PushLimit = { perSecond: 2_000, burst: 20_000 };

type Bucket = { tokens: number; at: number; refusedUntil: number };

/**
 * A token bucket per invite (a push names no person, only its invite). Wall-clock time, not
 * the hub's (which tests may stop or skew): the limit is about how fast readings arrive.
 * An invite refused is refused again, before its body is even parsed, until the moment the
 * refusal named: a pusher that ignores Retry-After costs the hub no parsing.
 */
export class PushLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(
    readonly limit: PushLimit = DEFAULT_PUSH_LIMIT,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Whether the invite may send anything now; else the whole seconds to wait. */
  waitBefore(inviteId: string): number | null {
    const b = this.bucket(inviteId);
    const now = this.clock();
    if (now < b.refusedUntil) return Math.max(1, Math.ceil((b.refusedUntil - now) / 1000));
    return b.tokens >= 1 ? null : this.secondsFor(1 - b.tokens);
  }

  /**
   * Takes `n` readings from the invite's allowance: null when taken, else the whole seconds
   * until they would be. A push larger than the burst is taken when the bucket is full, and
   * the debt is waited off by the next ones.
   */
  take(inviteId: string, n: number): number | null {
    const b = this.bucket(inviteId);
    const need = Math.min(n, this.limit.burst);
    if (b.tokens >= need) {
      b.tokens -= n;
      return null;
    }
    const seconds = this.secondsFor(need - b.tokens);
    b.refusedUntil = this.clock() + seconds * 1000;
    return seconds;
  }

  private secondsFor(missing: number): number {
    return Math.max(1, Math.ceil(missing / this.limit.perSecond));
  }

  private bucket(inviteId: string): Bucket {
    const now = this.clock();
    const b = this.buckets.get(inviteId) ?? { tokens: this.limit.burst, at: now, refusedUntil: 0 };
    b.tokens = Math.min(this.limit.burst, b.tokens + ((now - b.at) / 1000) * this.limit.perSecond);
    b.at = now;
    this.buckets.set(inviteId, b);
    return b;
  }
}

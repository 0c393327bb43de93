/** A clock and a way to wait on it, injectable so tests can run the limiter without real time. */
export type Clock = { now: () => number; sleep: (ms: number) => Promise<void> };
export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export type TokenBucketOptions = {
  /** One token comes back every intervalMs. */
  intervalMs: number;
  /** How many requests may go at once after a quiet spell. */
  burst: number;
  clock?: Clock;
};

/**
 * Spaces requests so a provider never has to refuse us. Requests run one at a time, in
 * order, so a burst of updates goes out as a steady trickle instead of a 429 and a retry
 * storm. The interval counts from when the previous request finished, not when it
 * started: a slow first request (a fresh TLS handshake) must not let the next one land
 * too close behind it at the provider.
 */
export class TokenBucket {
  readonly #intervalMs: number;
  readonly #burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #refilledAt: number;
  #blockedUntil = 0;
  #queue: Promise<void> = Promise.resolve();

  constructor({ intervalMs, burst, clock = realClock }: TokenBucketOptions) {
    this.#intervalMs = Math.max(0, intervalMs);
    this.#burst = Math.max(1, burst);
    this.#clock = clock;
    this.#tokens = this.#burst;
    this.#refilledAt = clock.now();
  }

  /** Run `send` when a token is free, after everything queued before it. */
  run<T>(send: () => Promise<T>): Promise<T> {
    const turn = this.#queue.then(async () => {
      await this.#waitForToken();
      try {
        return await send();
      } finally {
        // Time in flight earns nothing: refilling starts when the provider has answered.
        this.#refilledAt = this.#clock.now();
      }
    });
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** The provider told us to wait (Retry-After): nobody sends before then. */
  pauseUntil(at: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, at);
  }

  async #waitForToken(): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      if (now < this.#blockedUntil) {
        await this.#clock.sleep(this.#blockedUntil - now);
        continue;
      }
      this.#refill(now);
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await this.#clock.sleep(Math.ceil((1 - this.#tokens) * this.#intervalMs));
    }
  }

  #refill(now: number): void {
    if (this.#intervalMs === 0) {
      this.#tokens = this.#burst;
    } else {
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#refilledAt) / this.#intervalMs);
    }
    this.#refilledAt = now;
  }
}

import { describe, expect, it } from 'vitest';
import { retryDelayMs, RETRY } from '@shared/comms';

describe('the outbox’s backoff', () => {
  it('waits 2 s, then doubles, a quarter more at most at random, up to 5 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => retryDelayMs(n, 0))).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 300, 300].map((s) => s * 1000));
    expect(retryDelayMs(1, 0.999)).toBeLessThanOrEqual(2500);
    expect(retryDelayMs(3, 0.5)).toBe(9000);
    expect(retryDelayMs(9, 0.999)).toBe(RETRY.capMs);
  });

  it('reaches the 5-minute cap before it gives up, a quarter of an hour or so after the first failure', () => {
    const waits = Array.from({ length: RETRY.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1, 0));
    expect(waits.at(-1)).toBe(5 * 60_000);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total / 60_000).toBeGreaterThan(13);
    expect(total / 60_000).toBeLessThan(17);
  });
});

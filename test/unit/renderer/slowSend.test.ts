import { describe, expect, it } from 'vitest';
import type { PendingCommand } from '@shared/client';
import { oldestQueuedAt, SLOW_SEND_MS, slowIn } from '../../../renderer/features/cutover/slowSend';

const queued = (id: string, queuedAt: number, sent = true): PendingCommand => ({ id, type: 'note.add', payload: { text: id }, queuedAt, sent });

describe('when the page says a change is still on its way', () => {
  it('counts from the change that has waited longest, whatever its place in the queue', () => {
    expect(oldestQueuedAt([])).toBeNull();
    // Commands kept from before a reload are put back behind newer ones, with their own times.
    expect(oldestQueuedAt([queued('new', 5_000), queued('kept', 1_000, false), queued('newer', 6_000)])).toBe(1_000);
  });

  it('is silent while nothing waits or the wait is short, and speaks once the oldest has waited SLOW_SEND_MS', () => {
    expect(slowIn(null, 10_000)).toBeNull();
    expect(slowIn(10_000, 10_000)).toBe(SLOW_SEND_MS);
    expect(slowIn(10_000, 10_000 + SLOW_SEND_MS - 1)).toBe(1);
    expect(slowIn(10_000, 10_000 + SLOW_SEND_MS)).toBe(0);
    expect(slowIn(10_000, 60_000)).toBeLessThan(0);
  });
});

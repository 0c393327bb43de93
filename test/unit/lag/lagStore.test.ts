import { beforeEach, describe, expect, it } from 'vitest';
import { useLag } from '../../../renderer/connection/lagStore';

const columns = (id: string) => {
  const b = useLag.getState().buffers[id]!;
  return { t: Array.from(b.times()), v: Array.from(b.values()) };
};

describe('the lag store', () => {
  beforeEach(() => useLag.getState().reset());

  it('appends live points and moves only the version of the series that got them', () => {
    const { ingest } = useLag.getState();
    ingest([
      { s: 'orders', t: [1000, 2000], v: [5, 6] },
      { s: 'payments', t: [1000], v: [1] },
    ]);
    const before = useLag.getState();
    ingest([{ s: 'orders', t: [3000], v: [7] }]);
    const after = useLag.getState();
    expect(columns('orders')).toEqual({ t: [1000, 2000, 3000], v: [5, 6, 7] });
    expect(after.versions).toEqual({ orders: 2, payments: 1 });
    // The same buffer grew in place: the record is not replaced for a live point.
    expect(after.buffers).toBe(before.buffers);
  });

  it('ignores points older than the last one (a retried batch), without a new version', () => {
    const { ingest } = useLag.getState();
    ingest([{ s: 'orders', t: [1000, 2000], v: [5, 6] }]);
    const before = useLag.getState();
    ingest([{ s: 'orders', t: [1500], v: [9] }]);
    expect(useLag.getState()).toBe(before);
    expect(columns('orders').t).toEqual([1000, 2000]);
  });

  it('replaces a series with the history sent on join, keeping live points that came after it', () => {
    const { ingest } = useLag.getState();
    ingest([{ s: 'orders', t: [1000, 2000, 9000], v: [1, 2, 9] }]);
    const before = useLag.getState().buffers;
    ingest([{ s: 'orders', t: [0, 4000, 8000], v: [0, 4, 8] }], { history: true });
    expect(columns('orders')).toEqual({ t: [0, 4000, 8000, 9000], v: [0, 4, 8, 9] });
    expect(useLag.getState().buffers).not.toBe(before);
    expect(useLag.getState().versions.orders).toBe(2);
    ingest([{ s: 'orders', t: [10_000], v: [10] }]);
    expect(columns('orders').t.at(-1)).toBe(10_000);
  });

  it('keeps each reading once when the first live batch repeats what the history ended with', () => {
    // A client that joins between a push and the hub's next flush gets those readings in its
    // history and again in that flush.
    const { ingest } = useLag.getState();
    ingest([{ s: 'orders', t: [0, 4000, 8000], v: [0, 4, 8] }], { history: true });
    const before = useLag.getState();
    ingest([{ s: 'orders', t: [4000, 8000], v: [4, 8] }]);
    expect(useLag.getState()).toBe(before);
    ingest([{ s: 'orders', t: [8000, 9000], v: [8, 9] }]);
    expect(columns('orders')).toEqual({ t: [0, 4000, 8000, 9000], v: [0, 4, 8, 9] });
  });

  it('forgets everything on reset', () => {
    useLag.getState().ingest([{ s: 'orders', t: [1000], v: [1] }]);
    useLag.getState().reset();
    expect(useLag.getState().buffers).toEqual({});
    expect(useLag.getState().versions).toEqual({});
  });
});

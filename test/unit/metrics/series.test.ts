import { describe, expect, it } from 'vitest';
import { SeriesBuffer, forecast } from '@shared/metrics';
import { MIN, T0, at } from './fixtures';

describe('SeriesBuffer', () => {
  it('starts empty', () => {
    const b = new SeriesBuffer();
    expect(b.length).toBe(0);
    expect(b.last()).toBeNull();
    expect(Array.from(b.times())).toEqual([]);
  });

  it('keeps readings in columns and knows the latest', () => {
    const b = new SeriesBuffer();
    b.append(T0, 10);
    b.append(T0 + 1000, 12);
    expect(b.length).toBe(2);
    expect(Array.from(b.times())).toEqual([T0, T0 + 1000]);
    expect(Array.from(b.values())).toEqual([10, 12]);
    expect(b.last()).toEqual({ t: T0 + 1000, v: 12 });
  });

  it('grows past its capacity without losing a reading', () => {
    const b = new SeriesBuffer(2);
    for (let i = 0; i < 28_800; i++) b.append(T0 + i * 1000, i);
    expect(b.length).toBe(28_800);
    expect(b.values()[0]).toBe(0);
    expect(b.values()[28_799]).toBe(28_799);
    expect(b.times()[12_345]).toBe(T0 + 12_345_000);
  });

  it('takes a batch as it is sent over the wire', () => {
    const b = new SeriesBuffer();
    expect(b.appendBatch({ s: 'orders', t: [T0, T0 + 5000, T0 + 10_000], v: [3, 4, 5] })).toBe(3);
    expect(b.last()).toEqual({ t: T0 + 10_000, v: 5 });
  });

  it('refuses a reading older than the last, so the times stay sorted', () => {
    const b = new SeriesBuffer();
    b.append(T0 + 5000, 1);
    expect(b.append(T0, 2)).toBe(false);
    expect(b.append(T0 + 5000, 3)).toBe(true); // the same instant is fine
    expect(b.appendBatch({ s: 'orders', t: [T0 + 1000, T0 + 9000], v: [7, 8] })).toBe(1);
    expect(Array.from(b.values())).toEqual([1, 3, 8]);
  });

  it('does not keep the last reading again: a retried batch ends with it', () => {
    const b = new SeriesBuffer();
    expect(b.appendBatch({ s: 'orders', t: [T0, T0 + 1000], v: [1, 2] })).toBe(2);
    expect(b.appendBatch({ s: 'orders', t: [T0, T0 + 1000, T0 + 2000], v: [1, 2, 3] })).toBe(1);
    expect(b.append(T0 + 2000, 3)).toBe(false);
    expect(Array.from(b.times())).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('gives the readings since a time without copying them', () => {
    const b = new SeriesBuffer();
    for (let i = 0; i < 10; i++) b.append(at(i), i * 100);
    const w = b.window(at(7));
    expect(Array.from(w.t)).toEqual([at(7), at(8), at(9)]);
    expect(Array.from(w.v)).toEqual([700, 800, 900]);
    expect(w.v.buffer).toBe(b.values().buffer);
    expect(b.window(at(20)).t).toHaveLength(0);
  });

  it('feeds a forecast from its recent points', () => {
    const b = new SeriesBuffer(16);
    for (let s = 0; s <= 600; s += 5) b.append(T0 + s * 1000, 10_000 - (100 * s) / 60);
    const f = forecast(b.pointsSince(at(10) - 10 * MIN), at(10));
    expect(f.trend).toBe('draining');
    expect(Math.abs(f.etaMs! - at(100))).toBeLessThan(1000);
  });
});

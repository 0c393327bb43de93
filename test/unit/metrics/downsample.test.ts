import { describe, expect, it } from 'vitest';
import { downsampleForWidth, lttb, sliceRange } from '@shared/metrics';
import { T0, gaussian } from './fixtures';

/** A night at 1 Hz: a noisy backlog with one spike at `spikeAt`. */
function night(n: number, spikeAt = -1): { t: Float64Array; v: Float64Array } {
  const noise = gaussian(11);
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * 1000;
    v[i] = i === spikeAt ? 250_000 : 50_000 + 20_000 * Math.sin(i / 3000) + 500 * noise();
  }
  return { t, v };
}

describe('lttb', () => {
  it('keeps a spike, however short', () => {
    const { t, v } = night(28_800, 12_345);
    const out = lttb(t, v, 400);
    expect(Math.max(...out.v)).toBe(250_000);
    expect(out.t[out.v.indexOf(250_000)]).toBe(t[12_345]);
  });

  it('keeps both ends and returns exactly the points asked for', () => {
    const { t, v } = night(10_000);
    const out = lttb(t, v, 300);
    expect(out.t).toHaveLength(300);
    expect(out.v).toHaveLength(300);
    expect([out.t[0], out.v[0]]).toEqual([t[0], v[0]]);
    expect([out.t[299], out.v[299]]).toEqual([t[9_999], v[9_999]]);
  });

  it('keeps times in order and every kept point a real one', () => {
    const { t, v } = night(5_000);
    const out = lttb(t, v, 123);
    const index = new Map(Array.from(t, (x, i) => [x, i]));
    for (let i = 0; i < out.t.length; i++) {
      if (i > 0) expect(out.t[i]!).toBeGreaterThan(out.t[i - 1]!);
      expect(v[index.get(out.t[i]!)!]).toBe(out.v[i]);
    }
  });

  it('returns a copy when asked for as many points as it has, or more', () => {
    const t = [1, 2, 3];
    const v = [5, 6, 7];
    const out = lttb(t, v, 3);
    expect(out).toEqual({ t: [1, 2, 3], v: [5, 6, 7] });
    expect(out.t).not.toBe(t);
    expect(lttb(t, v, 100)).toEqual({ t: [1, 2, 3], v: [5, 6, 7] });
    expect(lttb([], [], 10)).toEqual({ t: [], v: [] });
  });

  it('keeps just the two ends below three points', () => {
    expect(lttb([1, 2, 3, 4], [9, 0, 9, 1], 2)).toEqual({ t: [1, 4], v: [9, 1] });
  });
});

describe('downsampleForWidth', () => {
  it('keeps about one point per two pixels', () => {
    const { t, v } = night(28_800);
    expect(downsampleForWidth(t, v, 1200).t).toHaveLength(600);
    expect(downsampleForWidth(t, v, 3).t).toHaveLength(2);
  });
});

describe('sliceRange', () => {
  const t = [10, 20, 20, 30, 40];
  const v = [1, 2, 3, 4, 5];

  it('finds the points inside a time range, both ends included', () => {
    expect(sliceRange(t, v, 20, 30)).toEqual({ start: 1, end: 4 });
    expect(sliceRange(t, v, 15, 35)).toEqual({ start: 1, end: 4 });
    expect(sliceRange(t, v, 0, 100)).toEqual({ start: 0, end: 5 });
  });

  it('gives an empty range outside the data or for a reversed range', () => {
    expect(sliceRange(t, v, 50, 60)).toEqual({ start: 5, end: 5 });
    expect(sliceRange(t, v, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(sliceRange(t, v, 30, 20)).toEqual({ start: 3, end: 3 });
  });

  it('stops at the shorter column', () => {
    expect(sliceRange(t, [1, 2], 0, 100)).toEqual({ start: 0, end: 2 });
  });
});

import { describe, expect, it } from 'vitest';
import { BRUSH_ROWS, BRUSH_SLOTS, brushIndices, slotTime, steadyAxis, timeTicks, zoneOffsetMs, zoomOf } from '../../../renderer/features/lag/timeAxis';

const T0 = Date.UTC(2026, 3, 29, 20, 0); // 21:00 BST
const S = 1000;
const MIN = 60 * S;

describe('the time labels', () => {
  it('ticks on round times of the cutover zone, about one per 80 px', () => {
    const ticks = timeTicks(T0 + 7 * MIN, T0 + 8 * 60 * MIN, 400, 'Europe/London');
    expect(ticks[0]).toBe(T0 + 60 * MIN); // 22:00 BST, then every two hours
    expect(ticks.map((t) => t - ticks[0]!)).toEqual([0, 120, 240, 360].map((m) => m * MIN));
  });

  it('keeps to the zone where its hours fall on the half hour', () => {
    expect(zoneOffsetMs(T0, 'Asia/Kolkata')).toBe(330 * MIN);
    const ticks = timeTicks(T0, T0 + 60 * MIN, 800, 'Asia/Kolkata'); // 01:30 IST …
    expect(ticks[0]).toBe(T0); // 01:30 is on the 10-minute grid
    expect(ticks).toHaveLength(7);
  });
});

describe('the time axis held still between steps', () => {
  it('ends the night at now rounded up to a fiftieth of the range, and holds while now moves within it', () => {
    const to = T0 + 3 * 60 * MIN + 7 * MIN; // 3 h 07 in: the step is 5 min
    const axis = steadyAxis(T0, to, to, false, 0);
    expect(axis).toEqual({ from: T0, end: T0 + 3 * 60 * MIN + 10 * MIN });
    for (const later of [to + 30 * S, to + 2 * MIN, T0 + 3 * 60 * MIN + 10 * MIN]) expect(steadyAxis(T0, later, later, false, 0)).toEqual(axis);
    expect(steadyAxis(T0, to + 3 * MIN + S, to + 3 * MIN + S, false, 0).end).toBe(T0 + 3 * 60 * MIN + 15 * MIN);
    // Past 250 minutes a fiftieth is over 5 min: the step grows to 10.
    expect(steadyAxis(T0, T0 + 251 * MIN, T0 + 251 * MIN, false, 0).end).toBe(T0 + 260 * MIN);
  });

  it('keeps a sliding range its length, its start stepping with its end', () => {
    const to = T0 + 2 * 60 * MIN + 10 * S;
    const axis = steadyAxis(to - 15 * MIN, to, to, true, 0); // the step is 30 s
    expect(axis).toEqual({ from: T0 + 2 * 60 * MIN + 30 * S - 15 * MIN, end: T0 + 2 * 60 * MIN + 30 * S });
    expect(steadyAxis(to + 15 * S - 15 * MIN, to + 15 * S, to + 15 * S, true, 0)).toEqual(axis);
    expect(axis.from).toBeLessThanOrEqual(to - 15 * MIN + 30 * S); // at most a step of the oldest readings is cut
  });

  it('leaves room for an ETA, rounded up the same way', () => {
    const to = T0 + 60 * MIN;
    expect(steadyAxis(T0, to, to + 7 * MIN, false, 0).end).toBe(to + 8 * MIN); // the step is 2 min
  });

  it('staggers the steps of different charts by their phase', () => {
    const to = T0 + 60 * MIN + 10 * S;
    const ends = [0, 0.25, 0.5, 0.75].map((phase) => steadyAxis(T0, to, to, false, phase).end);
    expect(new Set(ends).size).toBe(4);
    for (const end of ends) {
      expect(end).toBeGreaterThanOrEqual(to);
      expect(end - to).toBeLessThanOrEqual(2 * MIN);
    }
  });
});

describe('zooming with the brush', () => {
  const span = { from: T0, end: T0 + 8 * 60 * MIN };
  const step = (8 * 60 * MIN) / (BRUSH_SLOTS - 1);

  it('lays its slots evenly over the whole range, the same rows for every chart and every step', () => {
    expect(BRUSH_ROWS).toHaveLength(BRUSH_SLOTS);
    expect(BRUSH_ROWS.every((r, i) => r.i === i)).toBe(true);
    expect(slotTime(span, 0)).toBe(span.from);
    expect(slotTime(span, BRUSH_SLOTS - 1)).toBe(span.end);
    expect(slotTime(span, 100)).toBe(T0 + 4 * 60 * MIN);
  });

  it('turns brush indices into times and back, following now at the right edge', () => {
    expect(zoomOf(span, 0, BRUSH_SLOTS - 1)).toBeNull();
    expect(brushIndices(span, null)).toBeNull();
    const z = zoomOf(span, 25, BRUSH_SLOTS - 1)!;
    expect(z).toEqual({ from: T0 + 25 * step, to: null });
    expect(brushIndices(span, z)).toEqual({ startIndex: 25, endIndex: 200 });
    const past = zoomOf(span, 25, 50)!;
    expect(past).toEqual({ from: T0 + 25 * step, to: T0 + 50 * step });
    expect(brushIndices(span, past)).toEqual({ startIndex: 25, endIndex: 50 });
  });

  it('holds a zoom by its times while the axis steps, and keeps a slot between its handles', () => {
    const z = { from: T0 + 2 * 60 * MIN, to: T0 + 3 * 60 * MIN };
    const later = { from: T0, end: T0 + 8 * 60 * MIN + 10 * MIN };
    const at = brushIndices(later, z)!;
    expect(slotTime(later, at.startIndex)).toBeGreaterThanOrEqual(z.from);
    expect(slotTime(later, at.startIndex - 1)).toBeLessThan(z.from);
    expect(slotTime(later, at.endIndex)).toBeLessThanOrEqual(z.to);
    expect(brushIndices(span, { from: span.end + MIN, to: null })).toEqual({ startIndex: 199, endIndex: 200 });
    expect(brushIndices(span, { from: T0 + 60 * MIN, to: T0 })).toEqual({ startIndex: 25, endIndex: 26 });
  });
});

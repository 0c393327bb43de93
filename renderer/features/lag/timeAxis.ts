/*
 * The time axis of a lag chart, and the brush that zooms it. Pure, so it is tested without a
 * browser.
 *
 * Recharts never sees a time. Its x axis counts the brush's slots (0…200, a constant chart
 * `data`), and the times they stand for come from the axis here (`slotTime`): the lines, the
 * event marks, the ETA and the time labels are our own SVG, placed by the chart's time
 * domain (TimeScale). Recharts 3 recomputes every item it holds when its x axis or its data
 * changes, so a live chart whose axis moves with now would pay that on every step; this way
 * only a zoom, which a person makes, changes what recharts holds.
 */

import { MIN } from '@shared/time';

/** The brush's rows: a fixed number of slots along the whole range, by index only. */
export const BRUSH_SLOTS = 201;
export type BrushRow = { i: number };
/**
 * The chart's `data`: the same array for every chart, always. The count never changes either:
 * recharts' Brush draws once with its old indices when its data changes, and a shorter array
 * would put them out of range (NaN).
 */
export const BRUSH_ROWS: readonly BrushRow[] = Array.from({ length: BRUSH_SLOTS }, (_, i) => ({ i }));
const LAST_SLOT = BRUSH_SLOTS - 1;

/** A span of time on an axis: from its start to its end (end > from). */
export type TimeSpan = { from: number; end: number };

/** The time slot `i` stands for on the whole range's axis. */
export function slotTime(span: TimeSpan, i: number): number {
  return span.from + ((span.end - span.from) * i) / LAST_SLOT;
}

const SLOT_STEPS_MS = [1, 2, 5, 10, 15, 30].map((s) => s * 1000).concat([1, 2, 5, 10, 15, 30, 60, 120].map((m) => m * MIN));

/** A fiftieth of `span`, rounded up to a round time: how far the axis steps at a time. */
function axisStep(span: number): number {
  return SLOT_STEPS_MS.find((s) => span / s <= 50) ?? 240 * MIN;
}

/** `now` rounded down to a multiple of `stepMs`, shifted by `phase` (0..1) of a step. */
export function snapTime(now: number, stepMs: number, phase: number): number {
  if (!(stepMs > 0)) return now;
  const shift = (((phase % 1) + 1) % 1) * stepMs;
  return Math.floor((now + shift) / stepMs) * stepMs - shift;
}

/**
 * The time axis of a live chart, held still between steps of a fiftieth of the range: its
 * right edge is `to` rounded up to the step (and past `end`, the room for an ETA, rounded up
 * the same way); a sliding range keeps its length by moving its start along. So "now" walks
 * towards the right edge a pixel at a time, at most a fiftieth of the width short of it, and
 * the axis steps when it gets there. `phase` (0..1) staggers the steps of different charts,
 * as it does their redraws (drawTime).
 */
export function steadyAxis(from: number, to: number, end: number, sliding: boolean, phase: number): TimeSpan {
  const step = axisStep(to - from);
  const up = (x: number) => {
    const down = snapTime(x, step, phase);
    return down < x ? down + step : down;
  };
  const right = up(to);
  return { from: sliding ? right - (to - from) : from, end: Math.max(right, up(end)) };
}

/** A zoom by times, so it holds while the axis steps; `to` null follows now at the right edge. */
export type Zoom = { from: number; to: number | null };
export type BrushRange = { startIndex: number; endIndex: number };

/** Brush indices for a zoom on the whole range's axis; null for no zoom. */
export function brushIndices(span: TimeSpan, zoom: Zoom | null): BrushRange | null {
  if (!zoom) return null;
  let startIndex = 0;
  while (startIndex < LAST_SLOT && slotTime(span, startIndex) < zoom.from) startIndex++;
  startIndex = Math.min(startIndex, LAST_SLOT - 1);
  let endIndex = LAST_SLOT;
  if (zoom.to !== null) {
    while (endIndex > startIndex + 1 && slotTime(span, endIndex) > zoom.to) endIndex--;
  }
  return { startIndex, endIndex };
}

/** The zoom brush indices mean, in times; the whole range is no zoom. */
export function zoomOf(span: TimeSpan, startIndex: number, endIndex: number): Zoom | null {
  if (startIndex <= 0 && endIndex >= LAST_SLOT) return null;
  return { from: slotTime(span, Math.max(0, startIndex)), to: endIndex >= LAST_SLOT ? null : slotTime(span, endIndex) };
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The offset of `timeZone` from UTC at `ms`, in ms (+01:00 is 3,600,000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  let f = zoneFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    zoneFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(ms);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour') % 24, n('minute'));
  return wall - Math.floor(ms / MIN) * MIN;
}

const TICK_STEPS_MIN = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720];

/** Time-axis ticks on round minutes of the cutover's own zone, about one per 80 px. */
export function timeTicks(from: number, to: number, plotWidth: number, timeZone: string): number[] {
  if (!(to > from)) return [];
  const most = Math.max(2, Math.floor(plotWidth / 80));
  const stepMin = TICK_STEPS_MIN.find((s) => (to - from) / (s * MIN) <= most) ?? 1440;
  const step = stepMin * MIN;
  const off = zoneOffsetMs(from, timeZone);
  const ticks: number[] = [];
  for (let t = Math.ceil((from + off) / step) * step - off; t <= to; t += step) ticks.push(t);
  return ticks;
}

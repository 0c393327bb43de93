import type { CutoverState } from '../cutover/state';
import type { NormalBand, Point, SeriesConfig } from './schema';
import { BASELINE_MIN_READINGS, BASELINE_MS, BASELINE_PAD, BASELINE_RAMP_FRACTION, FIRST_READINGS_MS, SETTLE_MS } from './constants';
import { levelAt, theilSenFit } from './theilSen';

/*
 * A queue idling around 300 is not a backlog, whichever way its noise leans: it raised 58
 * alerts in 8 hours at normal depth before a series knew its normal. The band is set in the
 * series dialog, or learned from the readings before the night's stop step (before anything
 * stopped: the series' first readings). The hub, the charts and the postmortem learn it alike.
 */

export type ReadingColumns = { t: ArrayLike<number>; v: ArrayLike<number> };
/** Where a band came from: set for the series, learned before processing stopped, or from its first readings. */
export type KnownBand = NormalBand & { source: 'set' | 'stopped' | 'first' };

/** When processing stopped: the first step that begins an outage to have started, and that outage's name. */
export function processingStopped(state: Pick<CutoverState, 'steps'>): { at: number; outage: string } | null {
  let found: { at: number; outage: string } | null = null;
  for (const s of Object.values(state.steps)) {
    if (s.outageStart && s.startedAt !== null && (!found || s.startedAt < found.at)) found = { at: s.startedAt, outage: s.outageStart.trim() };
  }
  return found;
}

/** The first index of sorted `t` at or after `x`. */
function firstAtOrAfter(t: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The readings a band is learned from: the half hour before processing stopped, else the first ten minutes. */
export function baselineOf(t: ArrayLike<number>, stoppedAt: number | null): { start: number; end: number } {
  if (stoppedAt !== null) return { start: firstAtOrAfter(t, stoppedAt - BASELINE_MS), end: firstAtOrAfter(t, stoppedAt) };
  return { start: 0, end: t.length === 0 ? 0 : firstAtOrAfter(t, t[0]! + FIRST_READINGS_MS + 1) };
}

/**
 * The band readings [start, end) show: their range, widened by BASELINE_PAD of it on each
 * side (noise wanders further in a night than in half an hour). None from too few readings,
 * or from readings on a trend: a backlog already building is not a normal depth.
 */
export function learnBand(cols: ReadingColumns, start: number, end: number): NormalBand | null {
  if (end - start < BASELINE_MIN_READINGS) return null;
  const points: Point[] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    const v = cols.v[i]!;
    points.push({ t: cols.t[i]!, v });
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const fit = theilSenFit(points, 0, points.length);
  if (!fit) return null;
  // A trend is a line that surely moves, across most of the range, by more than its own
  // level: a backlog building from its normal depth. A queue idling at 300 wanders by 100 or
  // 200 in ten minutes, along a line its noise makes look sure, and stays about 300.
  const rise = Math.abs(fit.slope) * (points[points.length - 1]!.t - points[0]!.t);
  const sure = fit.sureLow > 0 || fit.sureHigh < 0;
  const level = Math.abs(levelAt(points, 0, points.length, 0, 0)); // a flat line's level: the median
  if (sure && rise > BASELINE_RAMP_FRACTION * (high - low) && rise > level) return null;
  const pad = (high - low) * BASELINE_PAD;
  // A count or a lag that never read below 0 is not normal below 0 either.
  return { low: low >= 0 ? Math.max(0, low - pad) : low - pad, high: high + pad };
}

/** The series' normal band: as set, else learned from its readings (null while they cannot tell). */
export function normalBandOf(series: Pick<SeriesConfig, 'normal' | 'warning' | 'critical'>, cols: ReadingColumns, stoppedAt: number | null): KnownBand | null {
  if (series.normal) return { ...series.normal, source: 'set' };
  const { start, end } = baselineOf(cols.t, stoppedAt);
  return bandFrom(cols, start, end, stoppedAt, lowestLine(series));
}

/** The series' lowest alert line (its warning, else its critical one), if it draws one. */
export const lowestLine = (series: Pick<SeriesConfig, 'warning' | 'critical'>): number | null => series.warning ?? series.critical;

/**
 * The band learned from the baseline readings `[start, end)`, tagged with what they were (the
 * first readings, or those before processing stopped). Like a band that is set (schema.ts), it
 * stays under the series' lowest alert line `below`: a queue that idled at 1,180 under a
 * warning line at 1,000 is not "caught up" at 1,180, whatever its baseline was. Readings that
 * idled wholly over the line teach no normal at all.
 */
export function bandFrom(cols: ReadingColumns, start: number, end: number, stoppedAt: number | null, below: number | null = null): KnownBand | null {
  const band = learnBand(cols, start, end);
  if (!band) return null;
  const high = below === null ? band.high : Math.min(band.high, below);
  if (high < band.low) return null;
  return { low: band.low, high, source: stoppedAt === null ? 'first' : 'stopped' };
}

/**
 * The first reading from index `from` on at or under `level` after which the readings stay at
 * or under it for SETTLE_MS: caught up, held. -1 when there is none, or the record ends
 * before it has held.
 */
export function settledAt(cols: ReadingColumns, from: number, level: number): number {
  const { t, v } = cols;
  for (let i = from; i < t.length; i++) {
    if (v[i]! > level) continue;
    let j = i;
    while (j < t.length && v[j]! <= level && t[j]! - t[i]! < SETTLE_MS) j++;
    if (j < t.length && v[j]! <= level) return i;
    if (j >= t.length) return -1;
    i = j; // v[j] is over the level: look again after it
  }
  return -1;
}

import type { Point } from './schema';
import { BAND_Z, DIRECTION_Z, MAX_PAIRS } from './constants';

/*
 * Theil–Sen: the slope is the median of the slopes between pairs of points. A single spike
 * (a poll that read a stale replica, a consumer restart) touches only n−1 of n(n−1)/2 pairs,
 * so it barely moves the median, where least squares would swing.
 */

/** Slopes in value per ms; `low ≤ slope ≤ high` is the confidence interval. */
export type SlopeEstimate = { slope: number; low: number; high: number };
/** With the stricter interval a direction is said by (DIRECTION_Z). */
export type SlopeFit = SlopeEstimate & { sureLow: number; sureHigh: number };

/** Linear interpolation between order statistics of sorted `xs`. */
function quantile(xs: Float64Array, q: number): number {
  const pos = q * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/**
 * The pairwise slopes of `points[start..end)`, sorted, and a way to read Sen's (1968)
 * interval at any z from them: the slopes ranked (N ∓ C)/2, where C = z·√(n(n−1)(2n+5)/18) is
 * from Kendall's tau. It is distribution-free; it assumes independent noise, so on a backlog
 * whose wobble lasts minutes it is narrower than the truth. With more pairs than `maxPairs`,
 * pairs are taken evenly along their enumeration (deterministic: the same points give the same
 * answer on the hub and on every screen), and the ranks become the same fractions of the sample.
 */
function pairSlopes(points: readonly Point[], start: number, end: number, maxPairs: number) {
  const n = end - start;
  if (n < 2) return null;
  const total = (n * (n - 1)) / 2;
  const m = Math.min(total, maxPairs);
  const slopes = new Float64Array(m);
  let count = 0;
  // Walk the rows of the pair triangle (i, i+1..n−1) alongside the increasing pair index: O(n + m).
  let i = 0;
  let rowStart = 0;
  let rowLen = n - 1;
  for (let k = 0; k < m; k++) {
    const idx = m === total ? k : Math.floor(((k + 0.5) * total) / m);
    while (idx >= rowStart + rowLen) {
      rowStart += rowLen;
      i++;
      rowLen--;
    }
    const a = points[start + i]!;
    const b = points[start + i + 1 + (idx - rowStart)]!;
    const dt = b.t - a.t;
    const s = (b.v - a.v) / dt;
    // Two readings at the same instant say nothing about speed.
    if (dt > 0 && Number.isFinite(s)) slopes[count++] = s;
  }
  if (count === 0) return null;
  const sorted = slopes.subarray(0, count).sort();
  const interval = (z: number): [number, number] => {
    // Sen's half-width as a fraction of the ranks; a subsample's median wanders by about
    // 0.5/√m more ranks on its own, so with one the two add (as variances).
    const sen = (z * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18)) / total / 2;
    const sub = m < total ? (z * 0.5) / Math.sqrt(count) : 0;
    const half = Math.min(0.5, Math.sqrt(sen * sen + sub * sub));
    return [quantile(sorted, 0.5 - half), quantile(sorted, 0.5 + half)];
  };
  return { slope: quantile(sorted, 0.5), interval };
}

/** The Theil–Sen slope of `points[start..end)` (sorted by time) with its interval at `z` (90 % by default). */
export function theilSen(points: readonly Point[], start: number, end: number, maxPairs = MAX_PAIRS, z = BAND_Z): SlopeEstimate | null {
  const p = pairSlopes(points, start, end, maxPairs);
  if (!p) return null;
  const [low, high] = p.interval(z);
  return { slope: p.slope, low, high };
}

/** The slope with both intervals: the band's (90 %) and the one a direction needs (DIRECTION_Z). */
export function theilSenFit(points: readonly Point[], start: number, end: number): SlopeFit | null {
  const p = pairSlopes(points, start, end, MAX_PAIRS);
  if (!p) return null;
  const [low, high] = p.interval(BAND_Z);
  const [sureLow, sureHigh] = p.interval(DIRECTION_Z);
  return { slope: p.slope, low, high, sureLow, sureHigh };
}

/**
 * Where the fitted line stands at time `at`: the median of each point carried along the
 * slope. Robust like the slope, so a spike in the latest reading does not jump the ETA.
 */
export function levelAt(points: readonly Point[], start: number, end: number, slope: number, at: number): number {
  const carried = new Float64Array(end - start);
  for (let i = start; i < end; i++) carried[i - start] = points[i]!.v + slope * (at - points[i]!.t);
  return quantile(carried.sort(), 0.5);
}

/** The median of |x| over `xs` (which it sorts in place): a robust spread. */
export function medianAbs(xs: Float64Array): number {
  if (xs.length === 0) return 0;
  for (let i = 0; i < xs.length; i++) xs[i] = Math.abs(xs[i]!);
  return quantile(xs.sort(), 0.5);
}

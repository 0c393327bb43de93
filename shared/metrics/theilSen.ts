import type { Point } from './schema';

/*
 * Theil–Sen: the slope is the median of the slopes between pairs of points. A single spike
 * (a poll that read a stale replica, a consumer restart) touches only n−1 of n(n−1)/2 pairs,
 * so it barely moves the median, where least squares would swing.
 */

/** Pairs examined at most. 600 points (10 min at 1 Hz) have 179,700 pairs; 2,000 spread evenly estimate their median well. */
export const MAX_PAIRS = 2000;

/** The slope's confidence: two-sided 90 %, so the band is "probably between", not "certainly". */
export const SLOPE_CONFIDENCE = 0.9;
const Z = 1.6449; // the normal quantile for 90 % two-sided

/** Slopes in value per ms; `low ≤ slope ≤ high` is the confidence interval. */
export type SlopeEstimate = { slope: number; low: number; high: number };

/** Linear interpolation between order statistics of sorted `xs`. */
function quantile(xs: Float64Array, q: number): number {
  const pos = q * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

/**
 * The Theil–Sen slope of `points[start..end)` (sorted by time), with Sen's (1968) confidence
 * interval: the pairwise slopes ranked (N ∓ C)/2, where C = z·√(n(n−1)(2n+5)/18) is from
 * Kendall's tau. It is distribution-free; it assumes independent noise, so on a backlog whose
 * wobble lasts minutes it is narrower than the truth. With more pairs than `maxPairs`, pairs
 * are taken evenly along their enumeration (deterministic: the same points give the same
 * answer on the hub and on every screen), and the ranks become the same fractions of the sample.
 */
export function theilSen(points: readonly Point[], start: number, end: number, maxPairs = MAX_PAIRS): SlopeEstimate | null {
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
  // Sen's half-width as a fraction of the ranks; a subsample's median wanders by about
  // 0.5/√m more ranks on its own, so with one the two add (as variances).
  const sen = (Z * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18)) / total / 2;
  const sub = m < total ? (Z * 0.5) / Math.sqrt(count) : 0;
  const half = Math.min(0.5, Math.sqrt(sen * sen + sub * sub));
  return { slope: quantile(sorted, 0.5), low: quantile(sorted, 0.5 - half), high: quantile(sorted, 0.5 + half) };
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

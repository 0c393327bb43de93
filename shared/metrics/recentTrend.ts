import type { Point } from './schema';
import { AGREE_Z, ASTRAY_SHARE, ASTRAY_Z, RECENT_MIN_POINTS, RECENT_MS } from './constants';
import { levelAt, medianAbs, theilSenFit, type SlopeFit } from './theilSen';

/*
 * The trend the crew should be told is the one the chart shows now: a queue that rose from
 * 0 to 1,362 in the last minute is rising at about 1,362/min, not at the 1.1/min a ten-minute
 * fit over nine quiet minutes and one steep one makes of it. So the fit starts from the last
 * minute of readings and takes older ones in (doubling the window) only while the line through
 * them agrees with the recent one, within the readings' noise: a steady drain gets a long,
 * precise fit; a turn, a step or a burst is seen a minute after it happened.
 */

/** A line through points[start..end), seen from `now`. */
export type TrendFit = SlopeFit & {
  /** The fitted line's value at `now`. */
  level: number;
  start: number;
  end: number;
  /** The readings' own noise (a standard deviation), in the series' unit. */
  noise: number;
};

/** A normal distribution's standard deviation from its median absolute deviation. */
const MAD_TO_SD = 1.4826;

/** The first index whose time is ≥ t (or > t when `after`); points are sorted by time. */
export function bound(points: readonly Point[], t: number, after: boolean): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const pt = points[mid]!.t;
    if (pt < t || (after && pt === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The readings' noise: each reading against the straight line through its two neighbours,
 * which no trend moves; a turn or a step moves one or two of them, and the median sees
 * through those. For white noise of deviation σ on even spacing each residual deviates σ·√1.5.
 */
export function readingNoise(points: readonly Point[], start: number, end: number): number {
  if (end - start < 3) return 0;
  const r = new Float64Array(end - start - 2);
  for (let i = start + 1; i < end - 1; i++) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const span = c.t - a.t;
    r[i - start - 1] = b.v - (span > 0 ? a.v + ((c.v - a.v) * (b.t - a.t)) / span : (a.v + c.v) / 2);
  }
  return (MAD_TO_SD * medianAbs(r)) / Math.sqrt(1.5);
}

/** The Theil–Sen line through points[start..end) with its value at `now`; noise left for the caller. */
export function lineThrough(points: readonly Point[], start: number, end: number, now: number): TrendFit | null {
  const f = theilSenFit(points, start, end);
  return f && { ...f, level: levelAt(points, start, end, f.slope, now), start, end, noise: 0 };
}

/**
 * Whether a longer fit tells the same story as the recent one, which is the one the crew
 * sees: its slope and its level now within AGREE_Z standard errors of the recent line's (a
 * least-squares line through n readings of noise σ over a span: slope σ√(12/n)/span, value
 * at an end 2σ/√n, a quarter more for a median). And it must be a line at all: its readings
 * within ASTRAY_Z deviations of it, but for a spike or two. A turn or a step at its old end
 * moves a few readings far, which bend a robust fit only a little, but bend it.
 */
function agrees(points: readonly Point[], recent: TrendFit, wider: TrendFit, noise: number, now: number): boolean {
  const n0 = recent.end - recent.start;
  const n1 = wider.end - wider.start;
  const span = points[recent.end - 1]!.t - points[recent.start]!.t;
  // Floating point only: a noiseless line fitted twice agrees with itself.
  const eps = 1e-9 * (Math.abs(recent.level) + Math.abs(recent.slope) * span + 1);
  // Slopes are compared by what they move the value over the recent span, in the series' unit.
  const riseTol = AGREE_Z * noise * Math.sqrt(12 / n0 + 12 / n1);
  const levelTol = AGREE_Z * 1.25 * noise * Math.sqrt(4 / n0 + 4 / n1);
  if (Math.abs(wider.slope - recent.slope) * span > riseTol + eps || Math.abs(wider.level - recent.level) > levelTol + eps) return false;
  const allowed = ASTRAY_Z * noise * Math.sqrt(1 + 4 / n1) + eps;
  let astray = 0;
  for (let i = wider.start; i < wider.end; i++) {
    if (Math.abs(points[i]!.v - (wider.level + wider.slope * (points[i]!.t - now))) > allowed) astray++;
  }
  return astray <= ASTRAY_SHARE * n1;
}

/**
 * The trend of the recent readings among points[start..end) (sorted; none after `now`): the
 * last minute's (at least RECENT_MIN_POINTS readings), lengthened while older readings agree.
 */
export function recentTrend(points: readonly Point[], start: number, end: number, now: number): TrendFit | null {
  const first = Math.max(start, Math.min(bound(points, now - RECENT_MS, false), end - RECENT_MIN_POINTS));
  const recent = lineThrough(points, first, end, now);
  if (!recent) return null;
  // Over the whole lookback: many readings tell the noise well, and a turn or two among them
  // moves only the few residuals beside it.
  const noise = readingNoise(points, start, end);
  let best = recent;
  for (let w = 2 * RECENT_MS; best.start > start; w *= 2) {
    const from = Math.max(start, bound(points, now - w, false));
    if (from >= best.start) continue;
    const wider = lineThrough(points, from, end, now);
    if (!wider || !agrees(points, recent, wider, noise, now)) break;
    best = wider;
  }
  return { ...best, noise };
}

/** One line through every reading of points[start..end): a whole stretch, as a caller that names its window wants. */
export function wholeTrend(points: readonly Point[], start: number, end: number, now: number): TrendFit | null {
  const fit = lineThrough(points, start, end, now);
  return fit && { ...fit, noise: readingNoise(points, start, end) };
}

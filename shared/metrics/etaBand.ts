import type { Point } from './schema';
import { BAND_Z, CHUNK_PAIRS, RATE_CHUNK_MS } from './constants';
import { bound, type TrendFit } from './recentTrend';
import { theilSen, theilSenFit } from './theilSen';

/*
 * When a drain will be done, and how sure that is. A ten-minute fit's interval says how well
 * the rate is known now; a long drain is done hours later, at whatever rates it runs at in
 * between. So the band widens with the horizon by how much the rate has moved already: its
 * wander between consecutive stretches of 2, 4, 8… minutes (taken to go on, as a random walk:
 * the average rate over h drifts by √(q·h/3)), and its steady drift, continued. A drain whose
 * rate has not moved at all (a noiseless line) keeps a band as narrow as its fit.
 */

export type RateMovement = {
  /** How fast the rate's variance grows with time, noise taken out ((value/ms)² per ms). */
  diffusion: number;
  /** How many stretch-to-stretch differences it was read from: few make it less sure. */
  differences: number;
  /** The rate's own steady change (value/ms²), 0 unless the stretches are sure of it. */
  drift: number;
};

type Stretch = { t: number; rate: number; error: number };

/** Stretches of `len` ms back from `now` over points[start..end) while they go the fit's way. */
function stretches(points: readonly Point[], start: number, end: number, now: number, len: number, sign: number, noise: number): Stretch[] {
  const out: Stretch[] = [];
  for (let to = now, b = end; b > start; to -= len) {
    const a = Math.max(start, bound(points, to - len, false));
    const est = b - a >= 3 ? theilSen(points, a, b, CHUNK_PAIRS) : null;
    if (!est || Math.sign(est.slope) !== sign) break;
    const span = points[b - 1]!.t - points[a]!.t;
    // A least-squares slope's variance: how much of two stretches' difference is their noise.
    out.push({ t: (points[a]!.t + points[b - 1]!.t) / 2, rate: est.slope, error: span > 0 ? (noise * noise * 12) / ((b - a) * span * span) : 0 });
    b = a;
  }
  return out;
}

/**
 * How much the rate has moved over points[start..end) (the hour before `now`), as long as it
 * went the fit's way (the drain, not the build-up before it): at each scale, the variance of
 * consecutive stretches' rates beyond their noise, as a random walk's growth per ms (two
 * averages over τ a τ apart differ by q·2τ/3); the largest over the scales, since noise hides
 * the short ones and few stretches the long ones.
 */
export function rateMovement(points: readonly Point[], start: number, end: number, now: number, fit: TrendFit): RateMovement {
  const sign = Math.sign(fit.slope);
  const base = stretches(points, start, end, now, RATE_CHUNK_MS, sign, fit.noise);
  let diffusion = 0;
  let differences = 0;
  for (let len = RATE_CHUNK_MS; 3 * len <= base.length * RATE_CHUNK_MS; len *= 2) {
    const s = len === RATE_CHUNK_MS ? base : stretches(points, start, end, now, len, sign, fit.noise);
    let excess = 0;
    for (let i = 1; i < s.length; i++) excess += (s[i]!.rate - s[i - 1]!.rate) ** 2 - s[i]!.error - s[i - 1]!.error;
    // One difference is no estimate of a spread: a scale needs three stretches.
    const q = s.length > 2 ? (3 * Math.max(0, excess / (s.length - 1))) / (2 * len) : 0;
    if (q > diffusion) [diffusion, differences] = [q, s.length - 1];
  }
  // A steady drift of the rate, only when even the strict interval is sure of it.
  const rates = base.reverse().map((s) => ({ t: s.t, v: s.rate }));
  const trend = rates.length >= 3 ? theilSenFit(rates, 0, rates.length) : null;
  const drift = trend && (trend.sureLow > 0 || trend.sureHigh < 0) ? trend.slope : 0;
  return { diffusion, differences, drift };
}

/** Student's t for a two-sided 90 % interval: a wander read from k differences is known only so well. */
const T90 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812];
const studentT = (k: number) => (k < 1 ? BAND_Z : (T90[k - 1] ?? BAND_Z + (BAND_Z ** 3 + BAND_Z) / (4 * k)));

/**
 * The ETA at which the fitted line reaches `target` while draining, and its 90 % band: the
 * fit's own interval, the wander over the horizon, and the drift continued. The late end is
 * looked at again from its own, further horizon; a band whose slow end stops draining is
 * open (late = Infinity). A line already past the target means now.
 */
export function etaBand(fit: TrendFit, movement: RateMovement, target: number, now: number): { etaMs: number; band: { early: number; late: number } } {
  const dist = Math.max(0, fit.level - target);
  if (dist === 0) return { etaMs: now, band: { early: now, late: now } };
  const speed = -fit.slope;
  const moved = (h: number) => studentT(movement.differences) * Math.sqrt((movement.diffusion * h) / 3);
  const fastest = (h: number) => speed + Math.hypot(-fit.low - speed, moved(h)) + (Math.abs(movement.drift) * h) / 2;
  const slowest = (h: number) => speed - Math.hypot(speed + fit.high, moved(h)) - (Math.abs(movement.drift) * h) / 2;
  const h0 = dist / speed;
  let late = h0;
  for (let i = 0; i < 2 && Number.isFinite(late); i++) {
    const slow = slowest(late);
    late = slow > 0 ? dist / slow : Number.POSITIVE_INFINITY;
  }
  const at = (h: number) => (Number.isFinite(h) ? Math.round(now + h) : Number.POSITIVE_INFINITY);
  return { etaMs: at(h0), band: { early: at(dist / fastest(h0)), late: at(Math.max(late, h0)) } };
}

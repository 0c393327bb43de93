import type { NormalBand, Point, SeriesConfig, SeriesUnit } from './schema';
import { DEFAULT_MIN_POINTS, DEFAULT_WINDOW_MS, FLAT_FRACTION_PER_MIN, FLAT_NOISE, SETTLE_MS, STALE_MS, TREND_LOOKBACK_MS } from './constants';
import { etaBand, rateMovement } from './etaBand';
import { formatValue, paceText } from './format';
import { bound, recentTrend, wholeTrend } from './recentTrend';
import { clock, MIN } from '../time';

/*
 * Seed 000: the queue took from 20:30 to 23:00 to drain, and was "still high at 06:30". The
 * crew needed two answers all night: is it going down, and when will it be done. This turns
 * the recent readings of one series into exactly those answers.
 */

export type Trend = 'draining' | 'growing' | 'flat' | 'empty' | 'unknown';

export type Forecast = {
  trend: Trend;
  /** Signed, per minute: negative is draining. Null without enough readings. */
  ratePerMin: number | null;
  /** Hub time (ms) when the fitted line reaches the normal band (or zero); only while draining. */
  etaMs: number | null;
  /** The 90 % band of the ETA; `late` is Infinity when the slow end would not drain at all. */
  band: { early: number; late: number } | null;
  /** The latest reading at or before `now`. */
  value: number | null;
  /** The level the ETA aims at (the normal band's top, `emptyAt` or 0); only while draining. */
  target?: number;
  /** Set when the latest reading is too old (staleAfterMs: STALE_MS, or three of the series' configured intervals): nothing recent was read. */
  stale?: true;
};

export type ForecastOptions = {
  /** Fit every reading of this window as one line; by default the fit is the recent readings' (recentTrend). */
  windowMs?: number;
  /** Fewer readings in the lookback than this is too little to call a trend. */
  minPoints?: number;
  /** |rate| below this is flat; by default it is relative to the level (see FLAT_FRACTION_PER_MIN). */
  flatPerMin?: number;
  /** Readings at or below this for SETTLE_MS are empty (caught up). Replica lag may never read exactly 0. */
  emptyAt?: number;
  /** The series' normal band: at or under its top for SETTLE_MS is caught up, and the ETA aims at it. */
  normal?: NormalBand | null;
  /** False: no ETA band (null). The hub's alerts judge by the trend alone, and the band is the dearest part. */
  band?: boolean;
  /**
   * How often the series is read, as configured (intervalOf): a series read every 5 minutes is
   * not stale after 2. Not the last interval seen: after an outage that is the outage itself.
   */
  intervalMs?: number;
};

/** The interval a series is read at, for ForecastOptions: its configured one; none for a pushed series, whose pace is its readings' (paceOf). */
export function intervalOf(series: Pick<SeriesConfig, 'intervalSec' | 'source'>): number | undefined {
  return series.source.kind === 'push' ? undefined : series.intervalSec * 1000;
}

/**
 * How long without a reading before a series is stale, and how long a gap between two readings
 * breaks a hold (caught up's, an alert's): STALE_MS, or three of its configured intervals where it
 * is read less often. Nothing was seen in such a gap.
 */
export function staleAfterMs(intervalMs?: number): number {
  return Math.max(STALE_MS, 3 * (intervalMs ?? 0));
}

/**
 * The trend, rate and caught-up ETA of `points` (sorted by time) as seen at hub time `now`.
 * Give it an hour of readings (DEFAULT_WINDOW_MS): the slope reads at most TREND_LOOKBACK_MS
 * of them, the ETA's band all of them, to see how much the rate has moved.
 */
export function forecast(points: readonly Point[], now: number, opts: ForecastOptions = {}): Forecast {
  const lookback = opts.windowMs ?? TREND_LOOKBACK_MS;
  const minPoints = Math.max(2, opts.minPoints ?? DEFAULT_MIN_POINTS);
  const end = bound(points, now, true); // readings stamped after `now` are a clock we do not trust yet
  const start = bound(points, now - lookback, false);
  const value = end > 0 ? points[end - 1]!.v : null;
  const unknown: Forecast = { trend: 'unknown', ratePerMin: null, etaMs: null, band: null, value };
  if (value === null) return unknown;
  // Nothing recent: a stale reading is no trend. A drain projected from readings that stopped
  // minutes ago (a push script that died) would look live, ETA and all.
  const staleMs = staleAfterMs(opts.intervalMs ?? paceOf(points, end));
  if (now - points[end - 1]!.t > staleMs || start >= end) return { ...unknown, stale: true };

  const fit = end - start < minPoints ? null : opts.windowMs === undefined ? recentTrend(points, start, end, now) : wholeTrend(points, start, end, now);
  const ratePerMin = fit ? fit.slope * MIN : null;
  const target = opts.normal?.high ?? opts.emptyAt ?? 0;
  // Caught up is back at or under the target and held there for SETTLE_MS, as the alerts say it:
  // one glitch reading of 0 in a queue 5,000 deep is not.
  if (value <= target && heldUnder(points, end, target, staleMs) >= SETTLE_MS) return { trend: 'empty', ratePerMin, etaMs: null, band: null, value };
  if (!fit || ratePerMin === null) return unknown;

  const flatPerMin = opts.flatPerMin ?? Math.abs(fit.level) * FLAT_FRACTION_PER_MIN;
  // A direction only when the slope clears zero by DIRECTION_Z standard errors and moves the
  // line by more than the noise: within noise is flat.
  const unsure = fit.sureLow <= 0 && fit.sureHigh >= 0;
  const span = points[end - 1]!.t - points[fit.start]!.t;
  const withinNoise = Math.abs(fit.slope) * span < FLAT_NOISE * fit.noise;
  if (unsure || withinNoise || Math.abs(ratePerMin) < flatPerMin) return { trend: 'flat', ratePerMin, etaMs: null, band: null, value };
  if (fit.slope > 0) return { trend: 'growing', ratePerMin, etaMs: null, band: null, value };

  // The band reads up to an hour back (or the whole window named), to see how the rate has moved.
  const history = bound(points, now - Math.max(DEFAULT_WINDOW_MS, lookback), false);
  const movement = opts.band === false ? { diffusion: 0, differences: 0, drift: 0 } : rateMovement(points, history, end, now, fit);
  const { etaMs, band } = etaBand(fit, movement, target, now);
  return { trend: 'draining', ratePerMin, etaMs, band: opts.band === false ? null : band, value, target };
}

/**
 * The pace of a series with no configured interval (a pushed one): the middle of its last
 * gaps, leaving out the newest. One outage moves neither (the newest gap is the outage, and a
 * median is not moved by one long gap), where "three of the last gap" let a 6-minute outage
 * pass for the pace and hold "caught up" across it.
 */
export function paceOf(points: readonly Point[], end: number): number | undefined {
  const gaps: number[] = [];
  for (let i = end - 2; i > 0 && gaps.length < 9; i--) gaps.push(points[i]!.t - points[i - 1]!.t);
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/**
 * How long the readings before `end` have stayed at or under `level` without a break: from the
 * first of that unbroken run to the last. A gap longer than `gapMs` breaks it (nothing was seen
 * in it). Stops looking once SETTLE_MS is reached.
 */
function heldUnder(points: readonly Point[], end: number, level: number, gapMs: number): number {
  const last = points[end - 1]!.t;
  let first = end - 1;
  while (first > 0 && last - points[first]!.t < SETTLE_MS) {
    const before = points[first - 1]!;
    if (before.v > level || points[first]!.t - before.t > gapMs) break;
    first--;
  }
  return last - points[first]!.t;
}

/** One short sentence: "draining at 350/min, caught up around 23:04 (22:58–23:12)". */
export function describeForecast(f: Forecast, unit: SeriesUnit, timeZone = 'UTC'): string {
  switch (f.trend) {
    case 'unknown':
      return f.stale ? 'no recent readings, so no trend' : 'not enough readings yet for a trend';
    case 'empty':
      return 'caught up';
    case 'flat':
      return f.value === null ? 'flat' : `flat at ${formatValue(f.value, unit)}`;
    case 'growing':
      return `growing${paceText(f.ratePerMin, unit, { signed: true })}`;
    case 'draining': {
      const speed = `draining${paceText(f.ratePerMin, unit, { signed: false })}`;
      if (f.etaMs === null) return speed;
      const eta = clock(f.etaMs, timeZone);
      return `${speed}, caught up around ${eta}${bandText(f, eta, timeZone)}`;
    }
  }
}

const DAY_MS = 86_400_000;

/** " (22:58–23:12)"; " (not before 22:58)" when the slow end is open or a day out; nothing when it rounds to the ETA. */
function bandText(f: Forecast, eta: string, timeZone: string): string {
  if (!f.band || f.etaMs === null) return '';
  const early = clock(f.band.early, timeZone);
  // A clock time more than a day ahead could be tomorrow's or the day after's.
  if (!(f.band.late - f.etaMs < DAY_MS)) return ` (not before ${early})`;
  const late = clock(f.band.late, timeZone);
  return early !== eta || late !== eta ? ` (${early}\u2013${late})` : '';
}

import type { Point, SeriesUnit } from './schema';
import { formatValue, paceText } from './format';
import { levelAt, theilSen } from './theilSen';
import { clock } from '../postmortem/time';

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
  /** Hub time (ms) when the fitted line reaches zero; only while draining. */
  etaMs: number | null;
  /** The ETA at the steep and the shallow end of the slope's 90 % confidence interval. */
  band: { early: number; late: number } | null;
  /** The latest reading at or before `now`. */
  value: number | null;
};

export type ForecastOptions = {
  /** How far back the slope looks; recent enough to see a drain slow down. */
  windowMs?: number;
  /** Fewer readings in the window than this is too little to call a trend. */
  minPoints?: number;
  /** |rate| below this is flat; by default it is relative to the level (see FLAT_FRACTION_PER_MIN). */
  flatPerMin?: number;
  /** A latest reading at or below this is empty (caught up). Replica lag may never read exactly 0. */
  emptyAt?: number;
};

export const DEFAULT_WINDOW_MS = 10 * 60_000;
export const DEFAULT_MIN_POINTS = 6;
/**
 * The default flat line: a rate that would take more than a day to move the level by its own
 * size is no trend. It also means a draining ETA is always within 24 h, so "23:04" on its
 * own is never ambiguous. Independently, a rate whose confidence interval spans zero is flat:
 * we say "draining" or "growing" only when we are fairly sure of the direction.
 */
export const FLAT_FRACTION_PER_MIN = 1 / 1440;

const MS_PER_MIN = 60_000;

/** The first index whose time is ≥ t (or > t when `after`); points are sorted by time. */
function bound(points: readonly Point[], t: number, after: boolean): number {
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

/** The trend, rate and caught-up ETA of `points` (sorted by time) as seen at hub time `now`. */
export function forecast(points: readonly Point[], now: number, opts: ForecastOptions = {}): Forecast {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
  const minPoints = Math.max(2, opts.minPoints ?? DEFAULT_MIN_POINTS);
  const end = bound(points, now, true); // readings stamped after `now` are a clock we do not trust yet
  const start = bound(points, now - windowMs, false);
  const value = end > 0 ? points[end - 1]!.v : null;
  const unknown: Forecast = { trend: 'unknown', ratePerMin: null, etaMs: null, band: null, value };
  if (value === null || start >= end) return unknown; // nothing recent: a stale reading is no trend

  const est = end - start >= minPoints ? theilSen(points, start, end) : null;
  const ratePerMin = est ? est.slope * MS_PER_MIN : null;
  if (value <= (opts.emptyAt ?? 0)) return { trend: 'empty', ratePerMin, etaMs: null, band: null, value };
  if (!est || ratePerMin === null) return unknown;

  const level = levelAt(points, start, end, est.slope, now);
  const flatPerMin = opts.flatPerMin ?? Math.abs(level) * FLAT_FRACTION_PER_MIN;
  const unsure = est.low <= 0 && est.high >= 0;
  if (unsure || Math.abs(ratePerMin) < flatPerMin) return { trend: 'flat', ratePerMin, etaMs: null, band: null, value };
  if (est.slope > 0) return { trend: 'growing', ratePerMin, etaMs: null, band: null, value };

  // Draining, and sure of it: low ≤ slope ≤ high < 0. A line already past zero means "now".
  const at = (slope: number) => Math.round(now + Math.max(0, level) / -slope);
  return { trend: 'draining', ratePerMin, etaMs: at(est.slope), band: { early: at(est.low), late: at(est.high) }, value };
}


/** One short sentence: "draining at 350/min, caught up around 23:04 (22:58–23:12)". */
export function describeForecast(f: Forecast, unit: SeriesUnit, timeZone = 'UTC'): string {
  switch (f.trend) {
    case 'unknown':
      return 'not enough readings yet for a trend';
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
      const band = f.band ? [clock(f.band.early, timeZone), clock(f.band.late, timeZone)] : null;
      // A band that rounds to the ETA's own minute adds nothing.
      const range = band && (band[0] !== eta || band[1] !== eta) ? ` (${band[0]}\u2013${band[1]})` : '';
      return `${speed}, caught up around ${eta}${range}`;
    }
  }
}

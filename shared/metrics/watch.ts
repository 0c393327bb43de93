import { atNormalDepth, evaluateSample, type AlertResult, type AlertState } from './alerts';
import { DEFAULT_WINDOW_MS, FORECAST_EVERY_MS, TREND_LOOKBACK_MS } from './constants';
import { forecast, intervalOf, type Forecast } from './forecast';
import { bandFrom, baselineOf, lowestLine, type KnownBand } from './normalBand';
import type { SeriesConfig } from './schema';
import type { SeriesBuffer } from './series';

/*
 * What the hub does with each reading of a series, apart from the hub so that a night of
 * simulated readings runs through exactly it: learn or take the series' normal band, make
 * the forecast the alerts judge by (every few seconds of readings, not for each), and fold
 * the reading into the alert state. It keeps only caches; the readings are the buffer's.
 */

/** A forecast that says nothing: what a reading at normal depth is judged with (it needs none). */
const QUIET: Forecast = { trend: 'unknown', ratePerMin: null, etaMs: null, band: null, value: null };

export class SeriesJudge {
  private kept: { at: number; f: Forecast } | null = null;
  private learned: { key: string; at: number; band: KnownBand | null } | null = null;

  /**
   * The series' normal band: as set, or learned from `buffer`, again only when the readings it
   * learns from change; while its first readings are still arriving, every few seconds of them.
   */
  band(series: SeriesConfig, buffer: SeriesBuffer, stoppedAt: number | null): KnownBand | null {
    if (series.normal) return { ...series.normal, source: 'set' };
    const cols = { t: buffer.times(), v: buffer.values() };
    const { start, end } = baselineOf(cols.t, stoppedAt);
    const key = `${stoppedAt}:${start}:${end}:${lowestLine(series)}`;
    const last = cols.t[cols.t.length - 1] ?? 0;
    const filling = stoppedAt === null && end === cols.t.length && this.learned !== null && last - this.learned.at < FORECAST_EVERY_MS;
    if (this.learned?.key !== key && !filling) this.learned = { key, at: last, band: bandFrom(cols, start, end, stoppedAt, lowestLine(series)) };
    return this.learned?.band ?? null;
  }

  /** The forecast as of `now`, from the hour of readings a forecast reads, aimed at the normal band, at the series' configured pace. */
  forecast(series: SeriesConfig, buffer: SeriesBuffer, now: number, stoppedAt: number | null): Forecast {
    return forecast(buffer.pointsSince(now - DEFAULT_WINDOW_MS), now, { normal: this.band(series, buffer, stoppedAt), intervalMs: intervalOf(series) });
  }

  /** What the alerts need: the trend of the lookback's readings, without the ETA band they never say. */
  private trend(series: SeriesConfig, buffer: SeriesBuffer, now: number, normal: KnownBand | null): Forecast {
    return forecast(buffer.pointsSince(now - TREND_LOOKBACK_MS), now, { normal, band: false, intervalMs: intervalOf(series) });
  }

  /**
   * Judges the reading (t, v) just appended to `buffer`. The forecast is made again only every
   * FORECAST_EVERY_MS of readings: a trend does not turn in a second, and a backfilled hour of
   * pushed readings must not cost a fit per point. At normal depth none is made at all.
   */
  judge(series: SeriesConfig, buffer: SeriesBuffer, state: AlertState, t: number, v: number, stoppedAt: number | null): AlertResult {
    const band = this.band(series, buffer, stoppedAt);
    if (atNormalDepth(series, band, v)) return evaluateSample(state, series, QUIET, v, t, band);
    const known = this.kept;
    const f = known && t - known.at < FORECAST_EVERY_MS && t >= known.at ? known.f : this.trend(series, buffer, t, band);
    if (f !== known?.f) this.kept = { at: t, f };
    return evaluateSample(state, series, f, v, t, band);
  }
}

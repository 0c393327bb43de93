import type { SeriesStatus } from '@shared/metrics/applySeries';
import { describeForecast, downsampleForWidth, formatRate, formatValue, sliceRange, type Forecast, type SeriesConfig, type SeriesUnit } from '@shared/metrics';
import { clockTime } from '../../lib/time';
import type { SeriesColumns } from './lagView';
import { MIN } from '@shared/time';

/*
 * Where each series stands, in words and a tone: the chart headers and the header's
 * "worst lag" chip. Pure, like the rest of the feature's views.
 */

export type LagLevel = 'normal' | 'warning' | 'critical';
const RANK: Record<LagLevel, number> = { normal: 0, warning: 1, critical: 2 };

/** The level a reading is at by the series' lines. */
export function levelOf(value: number | null, warning: number | null, critical: number | null): LagLevel {
  if (value === null) return 'normal';
  if (critical !== null && value >= critical) return 'critical';
  if (warning !== null && value >= warning) return 'warning';
  return 'normal';
}

/**
 * The tone to show: the higher of the reading's own level and the hub's (whose alerts
 * hold a level a little below its line, so the chip does not flicker at the line).
 */
export function levelShown(value: number | null, series: Pick<SeriesConfig, 'warning' | 'critical'>, status: SeriesStatus | undefined): LagLevel {
  const own = levelOf(value, series.warning, series.critical);
  const hub = status?.level ?? 'normal';
  return RANK[hub] > RANK[own] ? hub : own;
}

/** How close a reading is to its critical line (1 = at it); by the warning line without one; null without lines. */
export function pressure(value: number, warning: number | null, critical: number | null): number | null {
  if (critical !== null && critical > 0) return value / critical;
  if (warning !== null && warning > 0) return value / warning;
  return null;
}

export type WorstCandidate = { id: string; value: number | null; warning: number | null; critical: number | null };

/**
 * The series the header should show: the highest relative to its critical line. Series
 * without lines come after all that have them; ties and those go by the order given.
 */
export function pickWorst(candidates: readonly WorstCandidate[]): string | null {
  let best: { id: string; score: number } | null = null;
  for (const c of candidates) {
    if (c.value === null) continue;
    const p = pressure(c.value, c.warning, c.critical);
    const score = p === null ? Number.NEGATIVE_INFINITY : p;
    if (!best || score > best.score) best = { id: c.id, score };
  }
  return best?.id ?? null;
}

/**
 * A sparkline's polyline points ("x,y x,y …") for the readings in [from, to], scaled into
 * width × height with 0 at the bottom; about one point per two pixels.
 */
export function sparklinePoints(cols: SeriesColumns, from: number, to: number, width: number, height: number): string {
  const { start, end } = sliceRange(cols.t, cols.v, from, to);
  if (end - start < 2 || !(to > from)) return '';
  const sub = (xs: SeriesColumns['t']) => (xs instanceof Float64Array ? xs.subarray(start, end) : xs.slice(start, end));
  const { t, v } = downsampleForWidth(sub(cols.t), sub(cols.v), width);
  let top = 0;
  for (const x of v) if (x > top) top = x;
  const scaleY = top > 0 ? (height - 2) / top : 0;
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = ((t[i]! - from) / (to - from)) * width;
    const y = height - 1 - Math.max(0, v[i]!) * scaleY;
    out.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  }
  return out.join(' ');
}

/** "down since 21:04: connection refused" while the hub cannot read the source; null otherwise. */
export function sourceText(status: SeriesStatus | undefined, timeZone: string): string | null {
  if (!status || status.source !== 'down') return null;
  const since = status.sourceSince ?? status.at;
  const reason = status.message?.startsWith('down: ') ? status.message.slice('down: '.length).trim() : '';
  return `down${since !== null ? ` since ${clockTime(since, timeZone)}` : ''}${reason ? `: ${reason}` : ''}`;
}

const sentences = new Map<string, string>();
const minuteOf = (ms: number | null | undefined) => (ms === null || ms === undefined ? '' : String(Math.floor(ms / MIN)));
// A band's slow end a day or more out (or open) reads "not before …": it is one sentence, wherever it lies.
const lateKey = (f: Forecast) => (f.band && f.etaMs !== null && f.band.late - f.etaMs >= 86_400_000 ? 'open' : minuteOf(f.band?.late));

/**
 * describeForecast's sentence, remembered by what it shows (the trend, the rounded rate and
 * value, the ETA's minutes): it changes every few minutes, not with every reading, and each
 * fresh sentence with an ETA builds three date formatters. `latest` is the reading shown
 * beside it: the forecast is a few seconds old, and "11 · flat at 16" contradicts itself.
 */
export function forecastSentence(forecast: Forecast, unit: SeriesUnit, timeZone: string, latest?: number | null): string {
  const f = latest === undefined || latest === null ? forecast : { ...forecast, value: latest };
  // Only what the sentence for this trend says: a draining one does not name the value.
  const rate = f.trend === 'growing' || f.trend === 'draining' ? (f.ratePerMin === null ? '' : formatRate(f.ratePerMin, unit)) : '';
  const value = f.trend === 'flat' && f.value !== null ? formatValue(f.value, unit) : '';
  const key = [f.trend, f.stale ? 'stale' : '', unit, timeZone, rate, value, minuteOf(f.etaMs), minuteOf(f.band?.early), lateKey(f)].join('|');
  let text = sentences.get(key);
  if (text === undefined) {
    if (sentences.size > 1000) sentences.clear();
    text = describeForecast(f, unit, timeZone);
    sentences.set(key, text);
  }
  return text;
}

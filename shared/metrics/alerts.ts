import type { AlertKind, NormalBand, SeriesConfig } from './schema';
import { intervalOf, staleAfterMs, type Forecast } from './forecast';
import { HOLD_MS, HYSTERESIS } from './constants';
import { formatValue, paceText } from './format';
import { hasHave, isAre } from './wording';

/*
 * Each alert becomes a timeline event and a desktop notification at 3 AM, so an alert must
 * mean a change someone should look at, said once. The hub keeps one AlertState per series
 * and folds every reading through here; nothing is read from a clock or the network.
 */

export type AlertLevel = 'normal' | 'warning' | 'critical';
type Draining = 'unknown' | 'draining' | 'not_draining';
export type AlertState = {
  level: AlertLevel;
  draining: Draining;
  source: 'unknown' | 'up' | 'down';
  /** A change seen but not yet held long enough to be news: what it would be, since when. */
  pending: { level: { to: AlertLevel; since: number } | null; draining: { to: Draining; since: number } | null };
  /**
   * When the last reading was taken (null before any, or after a restart), and the gap before
   * it (a pushed series' pace, which has no configured one): a longer gap than staleAfterMs
   * breaks a pending change's hold. They move with every reading, so they live in one small
   * record the states share, and a reading that changes nothing else allocates nothing.
   */
  seen: { lastAt: number | null; lastGap: number | null };
};
export type Alert = { kind: AlertKind; value: number | null; message: string };
export type AlertResult = { state: AlertState; alerts: Alert[] };

/*
 * A level is left downward only once the value is HYSTERESIS below its line; going up has
 * no margin, reaching the line is the news. A calmer level, or a change of trend, must hold
 * for HOLD_MS before it is announced (a trend on the edge of flat wobbles); getting worse
 * needs no wait. Both are in constants.ts, with the forecast's.
 */

export function initialAlertState(): AlertState {
  return { level: 'normal', draining: 'unknown', source: 'unknown', pending: { level: null, draining: null }, seen: { lastAt: null, lastGap: null } };
}

const RANK: Record<AlertLevel, number> = { normal: 0, warning: 1, critical: 2 };

/** The state to be in now: `target` at once, or once it has held for HOLD_MS since first seen. */
function settle<T>(
  current: T,
  target: T,
  pending: { to: T; since: number } | null,
  at: number,
  immediate: boolean,
): { now: T; pending: { to: T; since: number } | null } {
  if (target === current) return { now: current, pending: null };
  if (immediate) return { now: target, pending: null };
  const kept = pending?.to === target ? pending : { to: target, since: at };
  return at - kept.since >= HOLD_MS ? { now: target, pending: null } : { now: current, pending: kept };
}

function levelFor(value: number, current: AlertLevel, warning: number | null, critical: number | null): AlertLevel {
  const held = (line: number) => value >= line * (1 - HYSTERESIS);
  if (critical !== null && (value >= critical || (current === 'critical' && held(critical)))) return 'critical';
  if (warning !== null && (value >= warning || (current !== 'normal' && held(warning)))) return 'warning';
  return 'normal';
}

function levelAlert(series: SeriesConfig, from: AlertLevel, to: AlertLevel, value: number): Alert {
  const v = formatValue(value, series.unit);
  const line = (x: number | null) => (x === null ? '' : ` (line ${formatValue(x, series.unit)})`);
  const is = `${series.name} ${isAre(series.name)}`;
  if (to === 'critical') return { kind: 'critical', value, message: `${is} critical at ${v}${line(series.critical)}` };
  if (to === 'normal') return { kind: 'normal', value, message: `${is} back to normal at ${v}` };
  const message = from === 'critical' ? `${is} back under critical, still at warning level: ${v}` : `${is} at warning level: ${v}${line(series.warning)}`;
  return { kind: 'warning', value, message };
}

/**
 * At its normal depth: within the normal band (or under it) and below the lowest line. There
 * a trend is not a backlog, however the noise leans, so no forecast is needed to judge it.
 */
export function atNormalDepth(series: Pick<SeriesConfig, 'warning' | 'critical'>, band: NormalBand | null, value: number): boolean {
  if (band === null || value > band.high) return false;
  return [series.warning, series.critical].every((line) => line === null || value < line);
}

/**
 * Not draining: a backlog that is there (above the normal band, or above 0 without one) and
 * growing, or flat while above its warning line (a flat queue of 3 is a healthy one).
 * Draining: at normal depth, or the trend says so, or it is empty. Anything else (unknown,
 * flat below the line) keeps the current state, so a wobble does not flap it.
 */
function drainingFor(series: SeriesConfig, f: Forecast, value: number, current: AlertState['draining'], band: NormalBand | null): AlertState['draining'] {
  if (atNormalDepth(series, band, value)) return 'draining';
  const backlog = value > (band?.high ?? 0) && f.trend !== 'empty';
  const aboveWarning = series.warning !== null && value >= series.warning;
  if (backlog && (f.trend === 'growing' || (f.trend === 'flat' && aboveWarning))) return 'not_draining';
  if (f.trend === 'draining' || f.trend === 'empty') return 'draining';
  return current;
}

function drainingAlert(series: SeriesConfig, f: Forecast, to: 'draining' | 'not_draining', value: number, caughtUp: boolean): Alert {
  const v = formatValue(value, series.unit);
  const is = `${series.name} ${isAre(series.name)}`;
  if (to === 'not_draining') {
    const how = f.trend === 'growing' && f.ratePerMin !== null ? `growing${paceText(f.ratePerMin, series.unit, { signed: true })}` : 'flat';
    return { kind: 'not_draining', value, message: `${is} not draining: ${v}, ${how}` };
  }
  if (caughtUp) return { kind: 'draining', value, message: `${series.name} ${hasHave(series.name)} caught up` };
  return { kind: 'draining', value, message: `${is} draining again${paceText(f.ratePerMin, series.unit, { signed: false })}: ${v}` };
}

/**
 * Folds one reading taken at `at` (and the forecast made with it) into the series' alert
 * state. `band` is the series' normal band, set or learned (normalBand.ts); by default the one set.
 */
export function evaluateSample(
  state: AlertState,
  series: SeriesConfig,
  forecast: Forecast,
  value: number,
  at: number,
  band: NormalBand | null = series.normal ?? null,
): AlertResult {
  if (!Number.isFinite(value)) return { state, alerts: [] };
  const alerts: Alert[] = [];
  // A change pending from before a gap longer than the series' stale limit has not held: nothing
  // was seen in the gap (a source down 6 minutes). It starts again from this reading, as a check's hold does.
  const { seen } = state;
  const gap = seen.lastAt !== null && at - seen.lastAt > staleAfterMs(intervalOf(series) ?? seen.lastGap ?? undefined);
  if (seen.lastAt === null || at > seen.lastAt) {
    if (seen.lastAt !== null) seen.lastGap = at - seen.lastAt;
    seen.lastAt = at;
  }
  const before = gap ? { level: null, draining: null } : state.pending;
  const target = levelFor(value, state.level, series.warning, series.critical);
  const level = settle(state.level, target, before.level, at, RANK[target] > RANK[state.level]);
  if (level.now !== state.level) alerts.push(levelAlert(series, state.level, level.now, value));

  const wanted = drainingFor(series, forecast, value, state.draining, band);
  // The first judgement of a series is no change worth a wait; telling it is decided below.
  // Nor is an empty trend: the forecast says it only once held for SETTLE_MS, the alerts' own hold.
  const immediate = wanted === 'draining' && (state.draining === 'unknown' || forecast.trend === 'empty');
  const draining = settle(state.draining, wanted, before.draining, at, immediate);
  // Entering "draining" from "unknown" is no recovery: there was nothing to recover from.
  const caughtUp = forecast.trend === 'empty' || atNormalDepth(series, band, value);
  if (draining.now === 'not_draining' && state.draining !== 'not_draining') alerts.push(drainingAlert(series, forecast, draining.now, value, caughtUp));
  if (draining.now === 'draining' && state.draining === 'not_draining') alerts.push(drainingAlert(series, forecast, draining.now, value, caughtUp));
  const pending =
    level.pending === state.pending.level && draining.pending === state.pending.draining ? state.pending : { level: level.pending, draining: draining.pending };
  if (level.now === state.level && draining.now === state.draining && pending === state.pending) return { state, alerts };
  return { state: { ...state, level: level.now, draining: draining.now, pending }, alerts };
}

/**
 * Folds one poll's outcome. "down" on the first failure (also at start: a source that never
 * answered is news); "up" only when recovering from down, so starting the hub does not ring
 * a bell for every healthy series.
 */
export function evaluateSourceHealth(state: AlertState, ok: boolean, error: string | null): AlertResult {
  if (ok) {
    if (state.source === 'up') return { state, alerts: [] };
    const alerts: Alert[] = state.source === 'down' ? [{ kind: 'up', value: null, message: 'up again' }] : [];
    return { state: { ...state, source: 'up' }, alerts };
  }
  if (state.source === 'down') return { state, alerts: [] };
  const message = `down: ${error?.trim() || 'no answer'}`;
  return { state: { ...state, source: 'down' }, alerts: [{ kind: 'down', value: null, message }] };
}

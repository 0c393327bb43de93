import type { SeriesConfig, SeriesUnit } from '../metrics/schema';
import { dayKey, dayLabel, MIN } from '../time';
import { clock, lagValueText } from './format';

/*
 * What a message needs to know about one lag series. Taken as an input, not computed here,
 * so comms does not depend on how forecasts are made: the hub fills it from the latest
 * reading and the forecast (`etaMs` is the hub time at which the backlog is expected to
 * be empty, or null when it is not draining).
 */
export type LagSummary = {
  seriesId: string;
  name: string;
  unit: SeriesUnit;
  value: number | null;
  etaMs: number | null;
  /** The forecast's word for the direction (shared/metrics' Trend: "draining", "growing", "flat", "empty", "unknown"). */
  trend: string;
  /** The series' critical threshold, when it has one: it ranks the worst series. */
  critical?: number | null;
  /**
   * Set when the latest reading cannot be taken as now (its source is down, or nothing came in
   * lately): when it was read, or null if never. Its figure is what it was then.
   */
  notReadSince?: number | null;
};

/** How a series is being read now: when its latest reading came in, and whether its source is down. */
export type LagReading = { lastAt: number | null; sourceDown: boolean };

/** A series' reading from what holds its samples (the hub's buffer, a window's) and its status by its alerts. */
export const readingOf = (samples: { last(): { t: number } | null } | undefined, status: { source: string } | undefined): LagReading => ({
  lastAt: samples?.last()?.t ?? null,
  sourceDown: status?.source === 'down',
});

/** Whether a series' latest figure can be taken as now: its source is not down, and the forecast does not say it is stale. */
export const readLive = (f: { stale?: boolean }, read: Pick<LagReading, 'sourceDown'>): boolean => !f.stale && !read.sourceDown;

/**
 * A summary from a series' config, its latest forecast, and how it is read now. A replica that
 * read 0 s before its database went away is not "caught up": with the source down, or the
 * forecast saying nothing came in lately (`stale`), the summary says when it was last read.
 */
export function lagSummaryOf(
  series: Pick<SeriesConfig, 'id' | 'name' | 'unit' | 'critical'>,
  f: { value: number | null; etaMs: number | null; trend: string; stale?: boolean },
  read: LagReading,
): LagSummary {
  const { value, etaMs, trend } = f;
  const live = readLive(f, read);
  return {
    seriesId: series.id,
    name: series.name,
    unit: series.unit,
    critical: series.critical,
    value,
    etaMs,
    trend,
    ...(live ? {} : { notReadSince: read.lastAt }),
  };
}

const unread = (l: LagSummary) => l.notReadSince !== undefined;
/**
 * Caught up is the forecast's word (trend "empty"): back at the target and held there 30 s, as the
 * alerts and the chart say it. One reading of 0 (a consumer restart, a renamed key) is not: it is said as its value.
 */
const caughtUp = (l: LagSummary) => !unread(l) && l.trend === 'empty';

/**
 * The series a message should talk about: the one closest to (or furthest past) its
 * critical threshold. Raw values of different series are not comparable (a count and a
 * number of seconds), so they only decide among series that have no threshold at all.
 */
export function worstLag(lag: readonly LagSummary[]): LagSummary | null {
  const rank = (l: LagSummary): [number, number] => {
    if (l.value === null) return [0, 0];
    const c = l.critical ?? null;
    return c !== null && c > 0 ? [2, l.value / c] : [1, l.value];
  };
  let worst: LagSummary | null = null;
  let worstRank: [number, number] = [-1, 0];
  for (const l of lag) {
    const r = rank(l);
    if (r[0] > worstRank[0] || (r[0] === worstRank[0] && r[1] > worstRank[1])) [worst, worstRank] = [l, r];
  }
  return worst;
}

const FIVE_MIN = 5 * MIN;

/**
 * "around 23:05", "caught up", "not draining": an estimate said as one, to five minutes.
 * Too few readings for a trend is said as such, not as "not draining", which would alarm.
 */
export function lagEtaText(l: LagSummary, now: number, timeZone: string): string {
  if (unread(l)) return l.notReadSince == null ? 'not read yet' : `not read since ${clock(l.notReadSince, timeZone)}`;
  if (caughtUp(l)) return 'caught up';
  if (l.value === null) return 'unknown';
  if (l.etaMs === null) return l.trend === 'unknown' ? 'no trend yet' : 'not draining';
  if (l.etaMs <= now) return 'any minute now';
  const at = Math.ceil(l.etaMs / FIVE_MIN) * FIVE_MIN;
  // Seed 000 drained until 07:00 the next day: the day must be said when it changes.
  const day =
    dayKey(at, timeZone) === dayKey(now, timeZone)
      ? ''
      : dayKey(at, timeZone) === dayKey(now + 86_400_000, timeZone)
        ? ' tomorrow'
        : ` on ${dayLabel(at, timeZone)}`;
  return `around ${clock(at, timeZone)}${day}`;
}

/** "Alarm queue: 12,400, expected to catch up around 23:05". */
export function lagSummaryText(l: LagSummary, now: number, timeZone: string): string {
  const eta = lagEtaText(l, now, timeZone);
  if (eta === 'caught up') return `${l.name}: caught up`;
  const value = lagValueText(l.value, l.unit);
  // "Replica lag: not read since 02:04 (it read 0 s then)": the figure is the last one known, said as such.
  if (unread(l)) return `${l.name}: ${eta}${l.value === null ? '' : ` (it read ${value} then)`}`;
  if (l.value === null) return `${l.name}: ${value}`;
  return `${l.name}: ${value}, ${eta.startsWith('around') ? `expected to catch up ${eta}` : eta}`;
}

/** `lag.<id>.*` per series, and `lag.worst.*`, which always exists so templates can rely on it. */
export function lagVariables(lag: readonly LagSummary[], now: number, timeZone: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const put = (key: string, l: LagSummary) => {
    vars[`lag.${key}.name`] = l.name;
    vars[`lag.${key}.value`] = lagValueText(l.value, l.unit);
    vars[`lag.${key}.eta`] = lagEtaText(l, now, timeZone);
    vars[`lag.${key}.summary`] = lagSummaryText(l, now, timeZone);
  };
  for (const l of lag) if (l.seriesId !== 'worst') put(l.seriesId, l);
  const worst = worstLag(lag);
  if (worst) put('worst', worst);
  else
    Object.assign(vars, { 'lag.worst.name': 'backlog', 'lag.worst.value': 'not measured', 'lag.worst.eta': 'unknown', 'lag.worst.summary': 'no lag measured' });
  return vars;
}

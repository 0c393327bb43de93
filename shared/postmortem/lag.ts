import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { SampleBatch, SeriesConfig, SeriesUnit } from '../metrics/schema';
import { CAUGHT_UP_FRACTION } from '../metrics/constants';
import { normalBandOf, processingStopped, settledAt } from '../metrics/normalBand';
import type { OutageComparison } from './plannedVsActual';
import { mergeSamples, type Columns } from './samples';
import { MIN } from '../time';

/*
 * Seed 000's night in numbers: the alarm queue built while processing was stopped, peaked
 * when it restarted at 20:30 and was caught up at 23:00. This reads that story out of the
 * recorded samples and alerts of every lag series: its peak, the lines it crossed, when it
 * caught up and how long that took, and when its source could not be read. Numbers only;
 * the wording is in queues.ts.
 *
 * Caught up: back within the series' normal band after the peak, and held there for
 * SETTLE_MS; the band as set for the series, or as it read before processing stopped (or in
 * its first readings), the same band the hub's alerts went by (metrics/normalBand.ts). Not
 * "1 % of the peak": on a 5,000,000 backlog that is 50,000 still queued. Only a series with
 * no band set or learnable (it was rising from its first reading) falls back to that.
 *
 * A gap is not a drain: when the readings stop above the floor and come back at or below it
 * (the hub or the source was away, or nothing arrived for a long while), when it drained is
 * not known, and the draft says so rather than timing a drain nobody saw.
 */

/** No readings for longer than this (or 5 intervals of a polled series, if longer) is a gap. */
export const GAP_MS = 5 * MIN;

export { CAUGHT_UP_FRACTION } from '../metrics/constants';
export { mergeSamples } from './samples';

export type Reading = { t: number; v: number };
/** A stretch of time; `to` null when it was still going at the end of the record. */
export type Episode = { from: number; to: number | null };
export type SourceOutage = Episode & { reason: string };

/**
 * How a backlog drained, decided once here and read by every section of the draft, so that
 * none times a drain another calls unknown: `seen`, caught up at `at`, `ms` after `drainFrom`;
 * `unseen`, it drained in `gap` (the readings stopped above the floor and came back at or
 * below it); `none`, not caught up by the end of the record.
 */
export type Drain = { kind: 'seen'; at: number; ms: number } | { kind: 'unseen'; gap: { from: number; to: number } } | { kind: 'none' };

export type SeriesLag = {
  seriesId: string;
  name: string;
  unit: SeriesUnit;
  warning: number | null;
  critical: number | null;
  readings: number;
  last: Reading | null;
  /** The highest reading (the first, when it was reached more than once). */
  peak: Reading | null;
  /** At or below this the series is caught up: the top of its normal band (`normal`). */
  floor: number;
  /** The band it is caught up in, and where that came from (the outage it was read before). */
  normal: { low: number; high: number; source: 'set' | 'stopped' | 'first' | 'peak'; outage: string | null } | null;
  /**
   * Where the drain is measured from: the restart of an outage the backlog built up behind
   * (the crew waited from then), else the peak. Null without a backlog.
   */
  drainFrom: { t: number; restartOf: string | null } | null;
  caughtUp: Reading | null;
  /** The gap the series drained in, unseen, when `caughtUp` is the first reading after one. */
  drainedUnseen: { from: number; to: number } | null;
  /** The drain's verdict (what the sections say), null without a backlog. */
  drain: Drain | null;
  /** From leaving "normal" (a warning or critical alert) to the next "normal". */
  warningEpisodes: Episode[];
  /** From a critical alert to the next warning or normal one. */
  criticalEpisodes: Episode[];
  sourceDown: SourceOutage[];
};

export type LagReport = { series: SeriesLag[]; readings: number };

type Alerted = Extract<CutoverEvent, { type: 'series.alerted' }>;

/** Every series the record knows of, in order: as defined (removed ones too), then any only sampled or alerted. */
export function analyseLag(
  state: CutoverState,
  events: readonly CutoverEvent[],
  samples: readonly SampleBatch[],
  outages: readonly OutageComparison[],
): LagReport {
  const configs = new Map<string, SeriesConfig>();
  const alerts = new Map<string, Alerted[]>();
  const hubDown: Episode[] = [];
  const order: string[] = [];
  const seen = new Set<string>();
  const note = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      order.push(id);
    }
  };
  for (const id of state.seriesOrder) note(id);
  for (const e of events) {
    // The last definition names a series, even one removed before the end of the night.
    if (e.type === 'series.defined') {
      configs.set(e.payload.series.id, e.payload.series);
      note(e.payload.series.id);
    } else if (e.type === 'series.alerted') {
      const mine = alerts.get(e.payload.seriesId);
      if (mine) mine.push(e);
      else alerts.set(e.payload.seriesId, [e]);
    } else if (e.type === 'hub.resumed') hubDown.push({ from: e.payload.downFrom, to: e.payload.downUntil });
  }
  const columns = mergeSamples(samples);
  for (const id of columns.keys()) note(id);
  for (const id of alerts.keys()) note(id);

  let readings = 0;
  const stopped = processingStopped(state);
  const series = order.map((id) => {
    const config = state.series[id] ?? configs.get(id);
    const cols = columns.get(id) ?? { t: new Float64Array(0), v: new Float64Array(0) };
    readings += cols.t.length;
    return seriesLag(id, config, cols, alerts.get(id) ?? [], outages, hubDown, stopped);
  });
  return { series, readings };
}

function seriesLag(
  id: string,
  config: SeriesConfig | undefined,
  { t, v }: Columns,
  alerts: readonly Alerted[],
  outages: readonly OutageComparison[],
  hubDown: readonly Episode[],
  stopped: { at: number; outage: string } | null,
): SeriesLag {
  const n = t.length;
  const { warningEpisodes, criticalEpisodes, sourceDown } = episodes(alerts, config?.name ?? id);
  const longest = config && config.source.kind !== 'push' ? Math.max(GAP_MS, 5 * config.intervalSec * 1000) : GAP_MS;
  // Between two readings: the hub or the source away, or simply nothing for a long while.
  const away = (from: number, to: number) => [...hubDown, ...sourceDown].some((d) => d.from < to && (d.to ?? Infinity) > from);
  const gapBefore = (i: number) => i > 0 && (t[i]! - t[i - 1]! > longest || away(t[i - 1]!, t[i]!));
  let peakAt = -1;
  for (let i = 0; i < n; i++) if (peakAt < 0 || v[i]! > v[peakAt]!) peakAt = i;
  const reading = (i: number): Reading => ({ t: t[i]!, v: v[i]! });
  const peak = peakAt < 0 ? null : reading(peakAt);
  const band = normalBandOf(
    { normal: config?.normal ?? null, warning: config?.warning ?? null, critical: config?.critical ?? null },
    { t, v },
    stopped?.at ?? null,
  );
  const normal: SeriesLag['normal'] = band
    ? { low: band.low, high: band.high, source: band.source, outage: band.source === 'stopped' ? (stopped?.outage ?? null) : null }
    : peak && { low: 0, high: Math.max(0, peak.v) * CAUGHT_UP_FRACTION, source: 'peak', outage: null };
  const floor = normal?.high ?? 0;

  let caughtUp: Reading | null = null;
  let drainedUnseen: SeriesLag['drainedUnseen'] = null;
  let drainFrom: SeriesLag['drainFrom'] = null;
  if (peak && peak.v > Math.max(0, floor)) {
    const i = settledAt({ t, v }, peakAt + 1, floor);
    if (i >= 0) {
      caughtUp = reading(i);
      if (gapBefore(i)) drainedUnseen = { from: t[i - 1]!, to: t[i]! };
    }
    // The backlog began at the last reading at or below the floor before the peak.
    let rise = 0;
    for (let i = peakAt - 1; i >= 0; i--) {
      if (v[i]! <= floor) {
        rise = i;
        break;
      }
    }
    const riseStart = t[rise]!;
    const until = caughtUp?.t ?? t[n - 1]!;
    // An outage that was on while the backlog built and ended before it was gone: the drain
    // could only begin when processing restarted, so that is where waiting for it began.
    let restart: OutageComparison | null = null;
    for (const o of outages) {
      if (o.end === null || o.end < riseStart || o.end > until || (o.start !== null && o.start > peak.t)) continue;
      if (!restart || (restart.end ?? 0) < o.end) restart = o;
    }
    drainFrom = restart && restart.end !== null ? { t: restart.end, restartOf: restart.name } : { t: peak.t, restartOf: null };
  }
  const drain: Drain | null = !drainFrom
    ? null
    : !caughtUp
      ? { kind: 'none' }
      : drainedUnseen
        ? { kind: 'unseen', gap: drainedUnseen }
        : { kind: 'seen', at: caughtUp.t, ms: caughtUp.t - drainFrom.t };

  return {
    seriesId: id,
    name: config?.name ?? id,
    unit: config?.unit ?? 'count',
    warning: config?.warning ?? null,
    critical: config?.critical ?? null,
    readings: n,
    last: n ? reading(n - 1) : null,
    peak,
    floor,
    normal,
    drainFrom,
    caughtUp,
    drainedUnseen,
    drain,
    warningEpisodes,
    criticalEpisodes,
    sourceDown,
  };
}

/** Folds a series' alerts, in the order they were recorded, into the stretches they mark. */
function episodes(alerts: readonly Alerted[], name: string) {
  const warningEpisodes: Episode[] = [];
  const criticalEpisodes: Episode[] = [];
  const sourceDown: SourceOutage[] = [];
  let warning: Episode | null = null;
  let critical: Episode | null = null;
  let down: SourceOutage | null = null;
  for (const e of alerts) {
    const at = e.ts;
    switch (e.payload.kind) {
      case 'warning':
      case 'critical':
        if (!warning) warningEpisodes.push((warning = { from: at, to: null }));
        if (e.payload.kind === 'critical' && !critical) criticalEpisodes.push((critical = { from: at, to: null }));
        if (e.payload.kind === 'warning' && critical) critical = close(critical, at);
        break;
      case 'normal':
        if (critical) critical = close(critical, at);
        if (warning) warning = close(warning, at);
        break;
      case 'down':
        if (!down) sourceDown.push((down = { from: at, to: null, reason: downReason(e.payload.message, name) }));
        break;
      case 'up':
        if (down) down = close(down, at);
        break;
      default:
        break;
    }
  }
  return { warningEpisodes, criticalEpisodes, sourceDown };
}

const close = (e: Episode, at: number): null => {
  e.to = at;
  return null;
};

/** "Replica lag down: connection refused" → "connection refused": the hub names the series and says "down". */
function downReason(message: string, name: string): string {
  let m = message.trim();
  if (m.startsWith(`${name} `)) m = m.slice(name.length + 1);
  return m.replace(/^down:\s*/i, '').trim();
}

/** Went badly: it crossed its critical line, or it had a backlog that was never caught up. */
export const lagWentWrong = (s: SeriesLag): boolean => s.criticalEpisodes.length > 0 || s.drain?.kind === 'none';

import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { SampleBatch, SeriesConfig, SeriesUnit } from '../metrics/schema';
import type { OutageComparison } from './plannedVsActual';

/*
 * Seed 000's night in numbers: the alarm queue built while processing was stopped, peaked
 * when it restarted at 20:30 and was caught up at 23:00. This reads that story out of the
 * recorded samples and alerts of every lag series: its peak, the lines it crossed, when it
 * caught up and how long that took, and when its source could not be read. Numbers only;
 * the wording is in queues.ts.
 *
 * Caught up: the first reading after the peak at or below 1 % of the peak. One rule for
 * every series, with no setting to get wrong: a queue that drains to exactly 0 and a
 * replica whose lag never reads 0 (it settles at a second or two) both count, and it does
 * not depend on thresholds, which are often unset and, when set, sit far above "empty"
 * (below a 10,000 warning is not caught up). A series that normally runs above 1 % of its
 * peak will read as never caught up; the draft is edited by people before it goes out.
 *
 * A gap is not a drain: when the readings stop above the floor and come back at or below it
 * (the hub or the source was away, or nothing arrived for a long while), when it drained is
 * not known, and the draft says so rather than timing a drain nobody saw.
 */

/** No readings for longer than this (or 5 intervals of a polled series, if longer) is a gap. */
export const GAP_MS = 5 * 60_000;

/** A series is caught up at the first reading after its peak at or below this fraction of the peak. */
export const CAUGHT_UP_FRACTION = 0.01;

export type Reading = { t: number; v: number };
/** A stretch of time; `to` null when it was still going at the end of the record. */
export type Episode = { from: number; to: number | null };
export type SourceOutage = Episode & { reason: string };

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
  /** At or below this the series is caught up: CAUGHT_UP_FRACTION of the peak. */
  floor: number;
  /**
   * Where the drain is measured from: the restart of an outage the backlog built up behind
   * (the crew waited from then), else the peak. Null without a backlog.
   */
  drainFrom: { t: number; restartOf: string | null } | null;
  caughtUp: Reading | null;
  /** The gap the series drained in, unseen, when `caughtUp` is the first reading after one. */
  drainedUnseen: { from: number; to: number } | null;
  /** From leaving "normal" (a warning or critical alert) to the next "normal". */
  warningEpisodes: Episode[];
  /** From a critical alert to the next warning or normal one. */
  criticalEpisodes: Episode[];
  sourceDown: SourceOutage[];
};

export type LagReport = { series: SeriesLag[]; readings: number };

type Columns = { t: Float64Array; v: Float64Array };

/**
 * The samples of each series in one pair of columns, in time order. Batches usually come in
 * time order already (then this is one pass); when they do not, the points are sorted, ties
 * kept in the order they came. Readings that are not finite numbers are left out.
 */
export function mergeSamples(samples: readonly SampleBatch[]): Map<string, Columns> {
  const bySeries = new Map<string, SampleBatch[]>();
  for (const b of samples) {
    const batches = bySeries.get(b.s);
    if (batches) batches.push(b);
    else bySeries.set(b.s, [b]);
  }
  const out = new Map<string, Columns>();
  for (const [id, batches] of bySeries) {
    let size = 0;
    for (const b of batches) size += Math.min(b.t.length, b.v.length);
    let t = new Float64Array(size);
    let v = new Float64Array(size);
    let n = 0;
    let sorted = true;
    for (const b of batches) {
      const count = Math.min(b.t.length, b.v.length);
      for (let i = 0; i < count; i++) {
        const ti = b.t[i]!;
        const vi = b.v[i]!;
        if (!Number.isFinite(ti) || !Number.isFinite(vi)) continue;
        if (n > 0 && ti < t[n - 1]!) sorted = false;
        t[n] = ti;
        v[n] = vi;
        n++;
      }
    }
    t = t.subarray(0, n);
    v = v.subarray(0, n);
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
      const st = new Float64Array(n);
      const sv = new Float64Array(n);
      order.forEach((from, to) => {
        st[to] = t[from]!;
        sv[to] = v[from]!;
      });
      t = st;
      v = sv;
    }
    out.set(id, { t, v });
  }
  return out;
}

type Alerted = Extract<CutoverEvent, { type: 'series.alerted' }>;

/** Every series the record knows of, in order: as defined (removed ones too), then any only sampled or alerted. */
export function analyseLag(state: CutoverState, events: readonly CutoverEvent[], samples: readonly SampleBatch[], outages: readonly OutageComparison[]): LagReport {
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
  const series = order.map((id) => {
    const config = state.series[id] ?? configs.get(id);
    const cols = columns.get(id) ?? { t: new Float64Array(0), v: new Float64Array(0) };
    readings += cols.t.length;
    return seriesLag(id, config, cols, alerts.get(id) ?? [], outages, hubDown);
  });
  return { series, readings };
}

function seriesLag(id: string, config: SeriesConfig | undefined, { t, v }: Columns, alerts: readonly Alerted[], outages: readonly OutageComparison[], hubDown: readonly Episode[]): SeriesLag {
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
  const floor = peak ? Math.max(0, peak.v) * CAUGHT_UP_FRACTION : 0;

  let caughtUp: Reading | null = null;
  let drainedUnseen: SeriesLag['drainedUnseen'] = null;
  let drainFrom: SeriesLag['drainFrom'] = null;
  if (peak && peak.v > 0) {
    for (let i = peakAt + 1; i < n; i++) {
      if (v[i]! <= floor) {
        caughtUp = reading(i);
        if (gapBefore(i)) drainedUnseen = { from: t[i - 1]!, to: t[i]! };
        break;
      }
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
    drainFrom,
    caughtUp,
    drainedUnseen,
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
export const lagWentWrong = (s: SeriesLag): boolean => s.criticalEpisodes.length > 0 || (s.peak !== null && s.peak.v > 0 && s.caughtUp === null);

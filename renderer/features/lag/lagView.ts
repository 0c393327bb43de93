import {
  DEFAULT_WINDOW_MS,
  downsampleForWidth,
  forecast,
  sliceRange,
  type Columns,
  type Forecast,
  type NormalBand,
  type Point,
  type SeriesConfig,
  type SeriesUnit,
} from '@shared/metrics';
import { MIN } from '@shared/time';
import { snapTime } from './timeAxis';

/*
 * What a lag chart draws, computed from a series' columns: pure, so it is tested without a
 * browser and the chart component only places what it is given. An 8-hour night at 1 Hz is
 * 28,800 points; a chart is a few hundred pixels wide, so the line is LTTB-downsampled to
 * about one point per two pixels (`naive` draws them all, for the benchmark's comparison).
 */

export type LagRange = '15m' | '1h' | 'night';
export const LAG_RANGES: readonly { id: LagRange; label: string }[] = [
  { id: '15m', label: '15 min' },
  { id: '1h', label: '1 h' },
  { id: 'night', label: 'Night' },
];

/** Line colours cycle through this many CSS classes (lag-line--0…). */
export const LAG_COLOURS = 4;

export type ChartGroup = { key: string; title: string | null; ids: string[] };

/** Charts in the order series were added: one per series, or one per `group` its series share. */
export function chartGroups(order: readonly string[], series: Readonly<Record<string, Pick<SeriesConfig, 'group'> | undefined>>): ChartGroup[] {
  const groups: ChartGroup[] = [];
  const byName = new Map<string, ChartGroup>();
  for (const id of order) {
    const name = series[id]?.group ?? '';
    if (!series[id]) continue;
    if (name === '') {
      groups.push({ key: `s:${id}`, title: null, ids: [id] });
      continue;
    }
    let g = byName.get(name);
    if (!g) {
      g = { key: `g:${name}`, title: name, ids: [] };
      byName.set(name, g);
      groups.push(g);
    }
    g.ids.push(id);
  }
  return groups;
}

/**
 * The times a range shows: the last 15 min or hour, or the night from the window's start (at
 * least 15 min). `sliding`: the start moves with now (always, but for a night under way).
 */
export function rangeBounds(range: LagRange, now: number, windowStart: number): { from: number; to: number; sliding: boolean } {
  if (range === '15m') return { from: now - 15 * MIN, to: now, sliding: true };
  if (range === '1h') return { from: now - 60 * MIN, to: now, sliding: true };
  const from = Math.min(windowStart, now - 15 * MIN);
  return { from, to: now, sliding: from !== windowStart };
}

/** Columns as the buffer hands them out: typed-array views, or plain arrays in tests. */
export type SeriesColumns = { t: Float64Array | readonly number[]; v: Float64Array | readonly number[] };

const view = (xs: Float64Array | readonly number[], start: number, end: number): ArrayLike<number> =>
  xs instanceof Float64Array ? xs.subarray(start, end) : xs.slice(start, end);

/**
 * The points to draw for [from, to] at `pixelWidth`: about one per two pixels, keeping the
 * shape (LTTB). One reading before `from` is kept so the line reaches the chart's left edge.
 */
export function chartPoints(cols: SeriesColumns, from: number, to: number, pixelWidth: number, opts: { naive?: boolean } = {}): Columns {
  const { start, end } = sliceRange(cols.t, cols.v, from, to);
  const first = start > 0 && end > start ? start - 1 : start;
  const t = view(cols.t, first, end);
  const v = view(cols.v, first, end);
  if (opts.naive) return { t: Array.from(t), v: Array.from(v) };
  return downsampleForWidth(t, v, pixelWidth);
}

/** The readings in [from, to] as points: what `forecast()` takes. */
export function pointsBetween(cols: SeriesColumns, from: number, to: number): Point[] {
  const { start, end } = sliceRange(cols.t, cols.v, from, to);
  const out = new Array<Point>(end - start);
  for (let i = start; i < end; i++) out[i - start] = { t: cols.t[i]!, v: cols.v[i]! };
  return out;
}

/** The latest reading at or before `to` (a replay shows the night as it stood then). */
export function lastAtOrBefore(cols: SeriesColumns, to: number): Point | null {
  const { end } = sliceRange(cols.t, cols.v, Number.NEGATIVE_INFINITY, to);
  return end === 0 ? null : { t: cols.t[end - 1]!, v: cols.v[end - 1]! };
}

export function maxOf(values: ArrayLike<number>): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}

/** A step of 1, 2, 2.5 or 5 × 10^k at or above `x`, so axis labels read as round numbers. */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x * (1 - 1e-9)) return m * p;
  return 10 * p;
}

const SECONDS_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** A step of lag in seconds that reads as a round time (30 s, 5 min, 2 h). */
export function niceSecondsStep(x: number): number {
  return SECONDS_STEPS.find((s) => s >= x * (1 - 1e-9)) ?? niceStep(x / 86_400) * 86_400;
}

/**
 * The value axis: from 0 to a round top above the data (and the ETA line). A threshold in
 * reach is included, so the crew sees how far the backlog is from it; a far one is left out
 * rather than flattening the line against the floor. Four equal steps, round in the unit.
 */
export function valueAxis(dataMax: number, warning: number | null, critical: number | null, unit: SeriesUnit = 'count'): { top: number; ticks: number[] } {
  let top = Math.max(0, Number.isFinite(dataMax) ? dataMax : 0) * 1.08;
  if (warning !== null && warning > 0 && (top === 0 || warning <= top * 2)) top = Math.max(top, warning * 1.15);
  if (critical !== null && critical > 0 && critical <= Math.max(top, 1e-9) * 1.5) top = Math.max(top, critical * 1.15);
  const raw = top > 0 ? top / 4 : 0.25;
  const step = unit === 'seconds' && raw >= 1 ? niceSecondsStep(raw) : niceStep(raw);
  return { top: step * 4, ticks: [0, step, 2 * step, 3 * step, 4 * step] };
}

export type Band = { kind: 'warning' | 'critical'; y1: number; y2: number };

/** Shaded bands: warning up to critical, critical up to the top; only the parts on the chart. */
export function thresholdBands(warning: number | null, critical: number | null, top: number): Band[] {
  const bands: Band[] = [];
  if (warning !== null && warning < top) {
    const y2 = critical !== null && critical > warning ? Math.min(critical, top) : top;
    if (y2 > warning) bands.push({ kind: 'warning', y1: warning, y2 });
  }
  if (critical !== null && critical < top) bands.push({ kind: 'critical', y1: critical, y2: top });
  return bands;
}

export type Projection = {
  /** The dashed line from the last reading towards (ETA, target), cut at the chart's edge. */
  line: Point[];
  /** The ETA band as a range area: between the lines to (early, target) and (late, target). */
  band: { t: number; lo: number; hi: number }[] | null;
};

/**
 * The ETA projection of a draining series, or null when it is not draining towards a time.
 * It reaches the level the ETA aims at (the normal band's top, or 0), not 0 at the ETA.
 */
export function projection(last: Point, f: Forecast, edge: number): Projection | null {
  const target = f.target ?? 0;
  if (f.trend !== 'draining' || f.etaMs === null || last.v <= target) return null;
  const along = (end: number) => (t: number) => (end <= last.t ? target : Math.max(target, last.v - (last.v - target) * ((t - last.t) / (end - last.t))));
  const eta = Math.max(f.etaMs, last.t + 1);
  const lineEnd = Math.min(eta, Math.max(edge, last.t + 1));
  const line = [
    { t: last.t, v: last.v },
    { t: lineEnd, v: along(eta)(lineEnd) },
  ];
  if (!f.band) return { line, band: null };
  const early = Math.max(f.band.early, last.t + 1);
  const late = Math.max(f.band.late, early);
  const lo = along(early);
  const hi = along(late);
  const times = [last.t, early, late].filter((t) => t < edge);
  if (late >= edge) times.push(Math.max(edge, last.t + 1));
  const band = [...new Set(times)].map((t) => ({ t, lo: lo(t), hi: hi(t) }));
  return { line, band };
}

/** Where the time axis ends: now, or a little further to show a near ETA (at most half the range more). */
export function domainEnd(from: number, to: number, f: Forecast | null): number {
  if (!f || f.trend !== 'draining' || f.etaMs === null) return to;
  const want = Math.max(f.etaMs, f.band?.late ?? f.etaMs);
  return Math.max(to, Math.min(want, to + (to - from) / 2));
}

/** The time axis' end for several series: far enough for the furthest near ETA. */
export function axisEnd(from: number, to: number, forecasts: readonly (Forecast | null)[]): number {
  return Math.max(to, ...forecasts.map((f) => domainEnd(from, to, f)));
}

/**
 * One line's readings as recharts rows. A gap longer than `gapMs` (a source that was down)
 * gets an empty row, so the line breaks there instead of bridging it.
 */
export type LineRow = { t: number; v: number | null };

export function lineRows(line: Columns, gapMs = Number.POSITIVE_INFINITY): LineRow[] {
  const rows: LineRow[] = [];
  for (let j = 0; j < line.t.length; j++) {
    const t = line.t[j]!;
    if (j > 0 && t - line.t[j - 1]! > gapMs) rows.push({ t: (t + line.t[j - 1]!) / 2, v: null });
    rows.push({ t, v: line.v[j]! });
  }
  return rows;
}

// Three significant digits: the axis's ticks are round numbers (0.25, 12.5K, 2.25h), and one
// decimal wrote 0.25 and 0.75 as 0.3 and 0.8 on evenly spaced lines.
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

/** A value-axis label: short ("12.5K", "90s", "4m", "1.5h", "1.2 MB"). */
export function axisValue(v: number, unit: SeriesUnit): string {
  if (unit === 'count') return compact.format(v);
  if (unit === 'bytes') {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let x = v;
    let i = 0;
    while (i < units.length - 1 && x >= 1000) {
      x /= 1000;
      i++;
    }
    return `${compact.format(x)} ${units[i]}`;
  }
  if (v < 120) return `${compact.format(v)}s`;
  if (v < 7200) return `${compact.format(v / 60)}m`;
  return `${compact.format(v / 3600)}h`;
}

/**
 * The reading a line shows at time `t`, for the tooltip: between two readings, the nearer;
 * beside a break (an empty row) or past either end, only one within `slackMs` (the width of
 * what the pointer hovers), else null: a chart must not name a reading where it drew none.
 */
export function readingAt(rows: readonly LineRow[], t: number, slackMs: number): number | null {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  const before = rows[lo - 1];
  const after = rows[lo];
  const b = before && before.v !== null ? { t: before.t, v: before.v } : null;
  const a = after && after.v !== null ? { t: after.t, v: after.v } : null;
  if (b && a) return t - b.t <= a.t - t ? b.v : a.v;
  const one = b ?? a;
  return one && Math.abs(one.t - t) <= slackMs ? one.v : null;
}

/**
 * The forecast as of `now` from the hour of readings `forecast()` reads, aimed at the series' normal
 * band, stale by its configured interval (`intervalOf`), as the hub's alerts judge it.
 */
export function seriesForecast(cols: SeriesColumns, now: number, normal: NormalBand | null = null, intervalMs?: number): Forecast {
  return forecast(pointsBetween(cols, now - DEFAULT_WINDOW_MS, now), now, { normal, intervalMs });
}

export type ChartLineSpec = { index: number; seriesId: string; name: string };

export type GroupChart = {
  lines: ChartLineSpec[];
  /** Each line's rows for recharts (its own data, gaps as empty rows). */
  lineData: LineRow[][];
  /** What each line draws, as columns, for the tooltip's lookups. */
  drawn: Columns[];
  /** Each line's ETA projection (null unless it is draining towards a time and the view reaches now). */
  projections: (Projection | null)[];
  domain: [number, number];
  yTop: number;
  yTicks: number[];
  bands: Band[];
  /** Readings drawn, all lines together (the benchmark and the tests count them). */
  pointCount: number;
};

export type GroupInput = {
  series: readonly Pick<SeriesConfig, 'id' | 'name' | 'unit' | 'warning' | 'critical' | 'intervalSec'>[];
  columns: readonly (SeriesColumns | undefined)[];
  forecasts: readonly (Forecast | null)[];
  /** Readings drawn: from ≤ t ≤ to. */
  from: number;
  to: number;
  /** Where the time axis ends (≥ to: room for the ETA projection). */
  end: number;
  /** Whether `to` is now: only then do the projections start from the last reading. */
  live: boolean;
  plotWidth: number;
  naive?: boolean;
};

const EMPTY: SeriesColumns = { t: [], v: [] };

/**
 * Everything one chart draws for the series it shows (one, or a group sharing the chart):
 * the downsampled lines, their ETA projections, the value axis and the threshold bands. A
 * group's bands are drawn only when its series share their lines.
 */
export function groupChart(input: GroupInput): GroupChart {
  const { series, from, to, end, plotWidth } = input;
  const drawn = series.map((_, i) => chartPoints(input.columns[i] ?? EMPTY, from, to, plotWidth, { naive: input.naive }));
  const projections = drawn.map((line, i) => {
    const n = line.t.length;
    const f = input.forecasts[i];
    return input.live && n > 0 && f ? projection({ t: line.t[n - 1]!, v: line.v[n - 1]! }, f, end) : null;
  });
  let dataMax = 0;
  drawn.forEach((line, i) => {
    dataMax = Math.max(dataMax, maxOf(line.v));
    for (const p of projections[i]?.band ?? []) dataMax = Math.max(dataMax, p.hi);
  });
  const first = series[0];
  const shared = first && series.every((s) => s.warning === first.warning && s.critical === first.critical);
  const warning = shared ? first.warning : null;
  const critical = shared ? first.critical : null;
  const axis = valueAxis(dataMax, warning, critical, first?.unit);
  // A break where readings stop for longer than a few polls, or a few downsampled steps.
  const gapFor = (s: GroupInput['series'][number]) => Math.max(5 * s.intervalSec * 1000, (4 * (to - from)) / Math.max(1, plotWidth / 2));
  return {
    lines: series.map((s, i) => ({ index: i, seriesId: s.id, name: s.name })),
    lineData: drawn.map((d, i) => lineRows(d, gapFor(series[i]!))),
    drawn,
    projections,
    domain: [from, end],
    yTop: axis.top,
    yTicks: axis.ticks,
    bands: thresholdBands(warning, critical, axis.top),
    pointCount: drawn.reduce((sum, d) => sum + d.t.length, 0),
  };
}

/**
 * The time a chart draws up to. A chart is redrawn when something on it moves by a pixel,
 * not on every reading: in the night view a pixel is over a minute, and a redraw of a
 * recharts chart costs milliseconds. So "now" is snapped down to a step of about one pixel's
 * time (`phase`, 0..1, staggers the steps of different charts so they do not all redraw in
 * the same frame), never goes back while time goes forward, and jumps to `now` at once when
 * the latest reading moved the line by a pixel (`jumped`). The first draw is at `now`; going
 * back (a replay scrubbed back) snaps again from there.
 */
export function drawTime(prev: number | null, now: number, stepMs: number, phase: number, jumped: boolean): number {
  if (prev === null || jumped || !(stepMs > 0)) return now;
  const snapped = snapTime(now, stepMs, phase);
  return prev <= now && prev > snapped ? prev : snapped;
}

/**
 * How often a header's forecast is recomputed (the hub's alerts go by the same). Its sentence
 * speaks in minutes ("caught up around 23:04"); a fit every second, for every series, would
 * be most of a live update's work for nothing.
 */
export { FORECAST_EVERY_MS } from '@shared/metrics';

const REDRAW_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].map((s) => s * 1000);

/**
 * The redraw step for a range drawn `plotWidth` wide: the longest round step within one
 * pixel's worth of time (at least a second). Round, so it holds still while the night's
 * range grows by a second at a time; otherwise the snapped times would move with it.
 */
export function pixelStepMs(from: number, to: number, plotWidth: number): number {
  const perPixel = (to - from) / Math.max(1, plotWidth);
  let step = REDRAW_STEPS_MS[0]!;
  for (const s of REDRAW_STEPS_MS) if (s <= perPixel) step = s;
  return step;
}

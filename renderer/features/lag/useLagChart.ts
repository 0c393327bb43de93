import { use, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Forecast } from '@shared/metrics';
import { useCutover } from '../../connection/cutoverStore';
import { useLag } from '../../connection/lagStore';
import { annotationsIn, layoutAnnotations, type Annotation } from './annotations';
import { LagDrawingContext } from './lagDrawing';
import { axisEnd, drawTime, FORECAST_EVERY_MS, groupChart, lastAtOrBefore, pixelStepMs, rangeBounds, type LagRange } from './lagView';
import { brushIndices, slotTime, snapTime, steadyAxis, timeTicks, zoomOf, type BrushRange, type Zoom } from './timeAxis';
import { useForecasts } from './useForecasts';

export type LagChartInput = {
  ids: readonly string[];
  range: LagRange;
  now: number;
  /** 0..1: staggers this chart's redraw steps against the others' (see drawTime). */
  phase: number;
  /** Every annotation of the night; the chart picks those in its range. */
  annotations: readonly Annotation[];
  /** The plot's width in pixels (what is worth drawing, and where labels fit). */
  plotWidth: number;
};

export const CHART_HEIGHT = 216;
/** The plot's height inside the chart (less the time axis and the brush), for "moved by a pixel". */
const PLOT_HEIGHT = CHART_HEIGHT - 60;

/** `value` as first seen for this `key`: a new array with the same contents keeps its identity. */
function useSame<T>(value: T, key: string): T {
  // The key is the dependency, by design.
  return useMemo(() => value, [key]);
}

/**
 * A lag chart's data, from its series' readings: the header lines' latest readings and
 * forecasts, and what the chart draws (lines, bands, ticks, annotations), redrawn when it
 * moves by a pixel; the brush's zoom, which belongs to the range it was made in.
 */
export function useLagChart({ ids, range, now, phase, annotations, plotWidth }: LagChartInput) {
  const { naive, everyReading } = use(LagDrawingContext);
  const allSeries = useCutover((s) => s.state.series);
  const win = useCutover((s) => s.state.info?.window);
  const buffers = useLag((s) => s.buffers);
  // A string, so this chart re-renders for its own series' points and no one else's.
  const versions = useLag((s) => ids.map((id) => s.versions[id] ?? 0).join(','));
  const [zoom, setZoom] = useState<(Zoom & { range: LagRange }) | null>(null);
  const timeZone = win?.timeZone ?? 'UTC';
  const start = win?.start ?? now;

  const series = useMemo(() => ids.map((id) => allSeries[id]).filter((s) => s !== undefined), [ids, allSeries]);
  // The header lines follow every reading.
  const columns = useMemo(
    () => series.map((s) => buffers[s.id]).map((b) => (b ? { t: b.times(), v: b.values() } : undefined)),
    // `versions` stands for the buffers' contents, which grow in place: new views on each change.
    [series, buffers, versions],
  );
  // Forecasts every few seconds (staggered between charts), from the readings up to then.
  const forecastOf = useForecasts();
  const forecastAt = snapTime(now, FORECAST_EVERY_MS, phase);
  const forecasts = useMemo<(Forecast | null)[]>(
    () => series.map((s) => forecastOf(s.id, buffers[s.id], forecastAt)),
    // Not `versions`: readings after `forecastAt` do not count, and a backfill is a new `buffers`.
    [series, buffers, forecastAt, forecastOf],
  );

  // The chart follows them by the pixel (see drawTime), from what the last commit drew:
  // kept after the commit, so a render React throws away does not count.
  const drawn = useRef<{ t: number; yTop: number } | null>(null);
  const bounds = rangeBounds(range, now, start);
  const step = everyReading ? 0 : pixelStepMs(bounds.from, bounds.to, plotWidth);
  const prev = drawn.current;
  const jumped =
    prev !== null &&
    columns.some((c) => {
      if (!c) return false;
      const latest = lastAtOrBefore(c, now);
      const shown = lastAtOrBefore(c, prev.t);
      return latest !== null && (shown === null || Math.abs(latest.v - shown.v) >= prev.yTop / PLOT_HEIGHT);
    });
  const t = drawTime(prev?.t ?? null, now, step, phase, jumped);

  const active = zoom?.range === range ? zoom : null;
  const chart = useMemo(() => {
    const cols = series.map((s) => buffers[s.id]).map((b) => (b ? { t: b.times(), v: b.values() } : undefined));
    // The ETA as the header last said it, for the time drawn to: the same fit, not another.
    const fs = series.map((s) => forecastOf(s.id, buffers[s.id], snapTime(t, FORECAST_EVERY_MS, phase)));
    const { from, to, sliding } = rangeBounds(range, t, start);
    // The whole range on an axis that steps (the brush spans it, with room for an ETA); a
    // zoom shows the slots it covers. Readings are drawn up to `t`.
    const span = steadyAxis(from, to, axisEnd(from, to, fs), sliding, phase);
    const brush = brushIndices(span, active);
    const d0 = brush ? slotTime(span, brush.startIndex) : span.from;
    const d1 = brush ? slotTime(span, brush.endIndex) : span.end;
    return { span, brush, ...groupChart({ series, columns: cols, forecasts: fs, from: d0, to: Math.min(d1, to), end: d1, live: d1 >= to, plotWidth, naive }) };
    // Readings after `t` are not drawn, so the buffers' versions are not a dependency; a history
    // backfill replaces a buffer (a new `buffers`), which is.
  }, [series, buffers, t, range, start, active, plotWidth, naive, phase, forecastOf]);
  useLayoutEffect(() => {
    drawn.current = { t, yTop: chart.yTop };
  });

  // Stable while what they show is the same: the chart memoises its recharts elements on them.
  const lines = useSame(chart.lines, chart.lines.map((l) => `${l.seriesId}:${l.name}`).join('|'));
  const bands = useSame(chart.bands, chart.bands.map((b) => `${b.kind}:${b.y1}:${b.y2}`).join('|'));
  const yTicks = useSame(chart.yTicks, chart.yTicks.join(','));
  const [d0, d1] = chart.domain;
  const xTicks = useMemo(() => timeTicks(d0, d1, plotWidth, timeZone), [d0, d1, plotWidth, timeZone]);
  const laidOut = useMemo(() => layoutAnnotations(annotationsIn(annotations, d0, d1), d0, d1, plotWidth), [annotations, d0, d1, plotWidth]);
  const placed = useSame(laidOut, laidOut.map((a) => `${a.key}:${a.lane}:${a.side}:${a.text}`).join('|'));

  // The brush's handler reads the span through a ref, so it stays the same function.
  const spanRef = useRef(chart.span);
  useLayoutEffect(() => {
    spanRef.current = chart.span;
  }, [chart.span]);
  const onBrush = useCallback(
    ({ startIndex, endIndex }: BrushRange) => {
      const z = zoomOf(spanRef.current, startIndex, endIndex);
      setZoom(z ? { ...z, range } : null);
    },
    [range],
  );
  const showWhole = useCallback(() => setZoom(null), []);

  return { series, columns, forecasts, timeZone, chart, lines, bands, yTicks, xTicks, placed, zoomed: active, onBrush, showWhole };
}

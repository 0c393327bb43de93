import { useCallback, useMemo, useRef, useState } from 'react';
import { describeForecast, formatValue, type Forecast } from '../../../shared/metrics';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { annotationsIn, layoutAnnotations, type Annotation } from './annotations';
import { CHART_MARGIN, LagChart, plotWidthOf, type BrushRange } from './LagChart';
import { LagSeriesHeader } from './LagSeriesHeader';
import { levelShown, sourceText } from './lagStatus';
import { useLag } from './lagStore';
import { brushIndices, groupChart, lastAtOrBefore, rangeBounds, seriesForecast, timeTicks, type LagRange } from './lagView';
import { useElementWidth } from './useElementWidth';

export type LagGroupProps = {
  ids: readonly string[];
  /** The group's name when several series share the chart. */
  title: string | null;
  range: LagRange;
  now: number;
  /** Every annotation of the night; each chart picks those in its range. */
  annotations: readonly Annotation[];
  /** Draw every reading (the benchmark's comparison); off, lines are downsampled to the width. */
  naive: boolean;
};

export const CHART_HEIGHT = 216;

/** `value` as first seen for this `key`: a new array with the same contents keeps its identity. */
function useSame<T>(value: T, key: string): T {
  // The key is the dependency, by design.
  return useMemo(() => value, [key]);
}
type Zoom = { range: LagRange; from: number; to: number | null };

/** One chart and the header lines of the series on it. */
export function LagGroup({ ids, title, range, now, annotations, naive }: LagGroupProps) {
  const allSeries = useCutover((s) => s.state.series);
  const statuses = useCutover((s) => s.state.seriesStatus);
  const win = useCutover((s) => s.state.info?.window);
  const buffers = useLag((s) => s.buffers);
  // A string, so this group re-renders for its own series' points and no one else's.
  const versions = useLag((s) => ids.map((id) => s.versions[id] ?? 0).join(','));
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const plotWidth = plotWidthOf(width);
  const [zoom, setZoom] = useState<Zoom | null>(null);
  const timeZone = win?.timeZone ?? 'UTC';

  const series = useMemo(() => ids.map((id) => allSeries[id]).filter((s) => s !== undefined), [ids, allSeries]);
  const columns = useMemo(
    () => series.map((s) => buffers[s.id]).map((b) => (b ? { t: b.times(), v: b.values() } : undefined)),
    // `versions` stands for the buffers' contents, which grow in place: new views on each change.
    [series, buffers, versions],
  );
  const forecasts = useMemo<(Forecast | null)[]>(() => columns.map((c) => (c ? seriesForecast(c, now) : null)), [columns, now]);
  const { from, to } = rangeBounds(range, now, win?.start ?? now);
  const chart = useMemo(() => groupChart({ series, columns, forecasts, from, to, plotWidth, naive }), [series, columns, forecasts, from, to, plotWidth, naive]);

  // Stable while what they show is the same: the chart memoises its recharts elements on them.
  const lines = useSame(chart.lines, chart.lines.map((l) => `${l.seriesId}:${l.name}:${l.projected}`).join('|'));
  const bands = useSame(chart.bands, chart.bands.map((b) => `${b.kind}:${b.y1}:${b.y2}`).join('|'));
  const yTicks = useSame(chart.yTicks, chart.yTicks.join(','));

  const active = zoom?.range === range ? zoom : null;
  const brush = useMemo(() => brushIndices(chart.rows, active), [chart.rows, active]);
  const domain = useMemo<[number, number]>(
    () => (brush ? [chart.rows[brush.startIndex]!.t, chart.rows[brush.endIndex]!.t] : chart.domain),
    [brush, chart.rows, chart.domain],
  );
  const xTicks = useMemo(() => timeTicks(domain[0], domain[1], plotWidth, timeZone), [domain, plotWidth, timeZone]);
  const laidOut = useMemo(() => layoutAnnotations(annotationsIn(annotations, domain[0], domain[1]), domain[0], domain[1], plotWidth), [annotations, domain, plotWidth]);
  const placed = useSame(laidOut, laidOut.map((a) => `${a.key}:${a.lane}:${a.side}:${a.text}`).join('|'));

  // The brush's handler reads the rows through a ref, so it stays the same function.
  const rowsRef = useRef(chart.rows);
  rowsRef.current = chart.rows;
  const onBrush = useCallback(
    ({ startIndex, endIndex }: BrushRange) => {
      const rows = rowsRef.current;
      const last = rows.length - 1;
      if (startIndex <= 0 && endIndex >= last) setZoom(null);
      else setZoom({ range, from: rows[startIndex]?.t ?? 0, to: endIndex >= last ? null : (rows[endIndex]?.t ?? null) });
    },
    [range],
  );

  const unit = series[0]?.unit ?? 'count';
  return (
    <section className="lag-group" aria-label={title ?? series[0]?.name ?? 'Lag'}>
      {title && <h3 className="lag-group__title">{title}</h3>}
      {series.map((s, i) => {
        const c = columns[i];
        const last = c ? lastAtOrBefore(c, now) : null;
        const f = forecasts[i] ?? null;
        return (
          <LagSeriesHeader
            key={s.id}
            seriesId={s.id}
            name={s.name}
            colour={series.length > 1 ? i : null}
            value={last ? formatValue(last.v, s.unit) : '\u2014'}
            level={levelShown(last?.v ?? null, s, statuses[s.id])}
            forecast={f ? describeForecast(f, s.unit, timeZone) : 'no readings yet'}
            source={sourceText(statuses[s.id], timeZone)}
            points={chart.drawn[i]?.t.length ?? 0}
          />
        );
      })}
      {active && (
        <p className="lag-group__zoom">
          Zoomed to {clockTime(domain[0], timeZone)}–{active.to === null ? 'now' : clockTime(domain[1], timeZone)}{' '}
          <button type="button" className="link" onClick={() => setZoom(null)}>
            Show the whole range
          </button>
        </p>
      )}
      <div className="lag-group__chart" ref={ref}>
        {width > 0 && (
          <LagChart
            testId={`lag-chart-${ids[0] ?? ''}`}
            rows={chart.rows}
            lines={lines}
            drawn={chart.drawn}
            unit={unit}
            domain={domain}
            xTicks={xTicks}
            yTop={chart.yTop}
            yTicks={yTicks}
            bands={bands}
            annotations={placed}
            width={width}
            height={CHART_HEIGHT + CHART_MARGIN.top}
            timeZone={timeZone}
            brush={brush}
            onBrush={onBrush}
            pointCount={chart.pointCount}
          />
        )}
      </div>
    </section>
  );
}

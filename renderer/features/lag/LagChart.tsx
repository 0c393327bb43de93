import { memo, useCallback, useMemo, useRef } from 'react';
import { Area, Brush, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Columns, SeriesUnit } from '../../../shared/metrics';
import { clockTime } from '../../lib/time';
import { AnnotationLabel, ANNOTATION_LANE_PX } from './AnnotationLabel';
import { DEFAULT_ANNOTATION_LAYOUT, type PlacedAnnotation } from './annotations';
import { LagTooltip, type LagTooltipLine } from './LagTooltip';
import { axisValue, LAG_COLOURS, type Band, type ChartLineSpec, type ChartRow } from './lagView';

export type BrushRange = { startIndex: number; endIndex: number };

export type LagChartProps = {
  testId: string;
  rows: readonly ChartRow[];
  /** Stable while the chart's series are the same (memoised elements depend on it). */
  lines: readonly ChartLineSpec[];
  /** Each line's drawn readings, for the tooltip. */
  drawn: readonly Columns[];
  unit: SeriesUnit;
  domain: readonly [number, number];
  xTicks: readonly number[];
  yTop: number;
  yTicks: readonly number[];
  bands: readonly Band[];
  annotations: readonly PlacedAnnotation[];
  width: number;
  height: number;
  timeZone: string;
  /** The zoomed part of `rows`, or null for all of them. */
  brush: BrushRange | null;
  onBrush: (range: BrushRange) => void;
  /** Readings drawn (all lines): exposed as data-points for tests and the benchmark. */
  pointCount: number;
};

/** The value axis' width; the annotation layout needs the plot's width, so it is fixed. */
export const Y_AXIS_WIDTH = 52;
export const CHART_MARGIN = { top: 8 + DEFAULT_ANNOTATION_LAYOUT.lanes * ANNOTATION_LANE_PX, right: 14, bottom: 0, left: 0 };
export const plotWidthOf = (width: number) => Math.max(0, width - Y_AXIS_WIDTH - CHART_MARGIN.left - CHART_MARGIN.right);

/*
 * Recharts with animation off everywhere: an animated line restarts its tween on every live
 * point and the chart never settles. Colours come from CSS classes (styles.css, "lag charts"),
 * so both themes apply; the attributes recharts sets are only fallbacks.
 *
 * Every child element is memoised on what it shows. Recharts 3 children register themselves
 * in the chart's store from effects, and some (ReferenceLine, ReferenceArea, the axes) do it
 * again on every render they get: re-rendering a dozen annotation lines per live point meant
 * dozens of store updates per chart and ~1 s per update for ten charts. With stable elements
 * a live point re-renders the rows, the time axis and the brush, and nothing else.
 */

/** One lag chart: the lines, the ETA projection, threshold bands, annotations and a brush to zoom. */
export const LagChart = memo(function LagChart(p: LagChartProps) {
  const { timeZone, unit, lines, bands, annotations, yTop, yTicks, onBrush } = p;
  const time = useCallback((t: number) => clockTime(t, timeZone), [timeZone]);
  const value = useCallback((v: number) => axisValue(v, unit), [unit]);
  // The tooltip reads the latest lines when it draws, so its element need not change per point.
  const tooltipLines = useRef<readonly LagTooltipLine[]>([]);
  tooltipLines.current = lines.map((l) => ({ seriesId: l.seriesId, name: l.name, index: l.index, drawn: p.drawn[l.index] ?? { t: [], v: [] } }));

  const grid = useMemo(() => <CartesianGrid vertical={false} className="lag-grid" />, []);
  const bandAreas = useMemo(
    () => bands.map((b) => <ReferenceArea key={b.kind} y1={b.y1} y2={b.y2} ifOverflow="hidden" className={`lag-band lag-band--${b.kind}`} data-testid={`lag-band-${b.kind}`} />),
    [bands],
  );
  const yAxis = useMemo(
    () => <YAxis type="number" domain={[0, yTop]} allowDataOverflow ticks={yTicks as number[]} tickFormatter={value} width={Y_AXIS_WIDTH} className="lag-axis" />,
    [yTop, yTicks, value],
  );
  const marks = useMemo(
    () =>
      annotations.map((a) => (
        <ReferenceLine key={a.key} x={a.at} ifOverflow="discard" className={`lag-ref lag-ref--${a.kind}`} label={<AnnotationLabel lane={a.lane} text={a.text} title={a.label} kind={a.kind} side={a.side} />} />
      )),
    [annotations],
  );
  const drawing = useMemo(() => {
    const grouped = lines.length > 1;
    const colour = (i: number) => i % LAG_COLOURS;
    return [
      ...lines.filter((l) => l.projected).map((l) => (
        <Area key={`b${l.index}`} dataKey={`b${l.index}`} type="linear" isAnimationActive={false} activeDot={false} legendType="none" tooltipType="none" className={`lag-eta-band lag-eta-band--${colour(l.index)}`} />
      )),
      ...lines.map((l) => (
        <Line key={`v${l.index}`} dataKey={`v${l.index}`} name={l.name} type="linear" dot={false} activeDot={{ r: 3 }} connectNulls={grouped} isAnimationActive={false} className={`lag-line lag-line--${colour(l.index)}`} />
      )),
      ...lines.filter((l) => l.projected).map((l) => (
        <Line
          key={`p${l.index}`}
          dataKey={`p${l.index}`}
          type="linear"
          dot={false}
          activeDot={false}
          strokeDasharray="5 4"
          connectNulls
          isAnimationActive={false}
          legendType="none"
          tooltipType="none"
          className={`lag-projection lag-projection--${colour(l.index)}`}
        />
      )),
    ];
  }, [lines]);
  const tooltip = useMemo(
    () => <Tooltip content={<LagTooltip source={tooltipLines} unit={unit} timeZone={timeZone} />} isAnimationActive={false} cursor={{ className: 'lag-cursor' }} />,
    [unit, timeZone],
  );
  // Always controlled: recharts keeps a zoom it was given until told otherwise.
  const startIndex = p.brush?.startIndex ?? 0;
  const endIndex = p.brush?.endIndex ?? Math.max(0, p.rows.length - 1);
  const hasBrush = p.rows.length > 2;
  const brush = useMemo(
    () =>
      hasBrush ? (
        <Brush dataKey="t" height={22} travellerWidth={8} tickFormatter={time} startIndex={startIndex} endIndex={endIndex} onChange={onBrush} className="lag-brush" aria-label="Zoom: drag the handles" />
      ) : null,
    [hasBrush, time, startIndex, endIndex, onBrush],
  );

  return (
    <div className="lag-chart" data-testid={p.testId} data-points={p.pointCount} data-series={lines.map((l) => l.seriesId).join(' ')}>
      <ComposedChart width={p.width} height={p.height} data={p.rows as ChartRow[]} margin={CHART_MARGIN}>
        {grid}
        {bandAreas}
        <XAxis dataKey="t" type="number" domain={p.domain as [number, number]} allowDataOverflow ticks={p.xTicks as number[]} tickFormatter={time} className="lag-axis" />
        {yAxis}
        {marks}
        {drawing}
        {tooltip}
        {brush}
      </ComposedChart>
    </div>
  );
});

import { memo, useCallback, useMemo, useRef } from 'react';
import { Brush, CartesianGrid, ComposedChart, Line, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { Columns, SeriesUnit } from '../../../shared/metrics';
import { clockTime } from '../../lib/time';
import { AnnotationLabel, ANNOTATION_LANE_PX } from './AnnotationLabel';
import { DEFAULT_ANNOTATION_LAYOUT, type PlacedAnnotation } from './annotations';
import { EtaProjection } from './EtaProjection';
import { LagTooltip, type LagTooltipLine } from './LagTooltip';
import { axisValue, LAG_COLOURS, type Band, type BrushSlot, type ChartLineSpec, type LineRow, type Projection } from './lagView';

export type BrushRange = { startIndex: number; endIndex: number };

export type LagChartProps = {
  testId: string;
  /** Stable while the chart's series are the same (memoised elements depend on it). */
  lines: readonly ChartLineSpec[];
  /** Each line's rows, by line index. */
  lineData: readonly (readonly LineRow[])[];
  /** Each line's drawn readings as columns, for the tooltip. */
  drawn: readonly Columns[];
  projections: readonly (Projection | null)[];
  unit: SeriesUnit;
  domain: readonly [number, number];
  xTicks: readonly number[];
  yTop: number;
  yTicks: readonly number[];
  bands: readonly Band[];
  annotations: readonly PlacedAnnotation[];
  /** The brush's rows (the whole range), and the part of them zoomed to (null: all). */
  slots: readonly BrushSlot[];
  brush: BrushRange | null;
  onBrush: (range: BrushRange) => void;
  width: number;
  height: number;
  timeZone: string;
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
 * What a live point costs is what recharts 3 re-registers in the chart's store, so:
 * - every child element is memoised on what it shows: ReferenceLine, ReferenceArea and the
 *   axes re-register on every render they get (a dozen annotation lines re-rendered per
 *   point was dozens of store updates per chart, ~1 s per update for ten charts);
 * - each line carries its own `data`, and the chart's `data` is only the brush's slots,
 *   which change once per slot step: a new chart `data` makes recharts clear it and set it
 *   again, recomputing everything twice;
 * - the ETA projection is plain SVG drawn from the scales (EtaProjection), not two more
 *   graphical items over every row.
 */

/** One lag chart: the lines, the ETA projection, threshold bands, annotations and a brush to zoom. */
export const LagChart = memo(function LagChart(p: LagChartProps) {
  const { timeZone, unit, lines, lineData, bands, annotations, yTop, yTicks, onBrush, slots } = p;
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
    () => <YAxis type="number" domain={[0, yTop]} allowDataOverflow ticks={yTicks as number[]} interval={0} tickFormatter={value} width={Y_AXIS_WIDTH} className="lag-axis" />,
    [yTop, yTicks, value],
  );
  const marks = useMemo(
    () =>
      annotations.map((a) => (
        <ReferenceLine key={a.key} x={a.at} ifOverflow="discard" className={`lag-ref lag-ref--${a.kind}`} label={<AnnotationLabel lane={a.lane} text={a.text} title={a.label} kind={a.kind} side={a.side} />} />
      )),
    [annotations],
  );
  const drawing = lines.map((l) => (
    <Line
      key={l.seriesId}
      data={lineData[l.index] as LineRow[]}
      dataKey="v"
      name={l.name}
      type="linear"
      dot={false}
      activeDot={false}
      isAnimationActive={false}
      className={`lag-line lag-line--${l.index % LAG_COLOURS}`}
    />
  ));
  const tooltip = useMemo(
    () => <Tooltip content={<LagTooltip source={tooltipLines} unit={unit} timeZone={timeZone} />} isAnimationActive={false} cursor={{ className: 'lag-cursor' }} />,
    [unit, timeZone],
  );
  // Always controlled: recharts keeps a zoom it was given until told otherwise.
  const startIndex = p.brush?.startIndex ?? 0;
  const endIndex = p.brush?.endIndex ?? Math.max(0, slots.length - 1);
  const hasBrush = slots.length > 2;
  const first = slots[0]?.t ?? 0;
  const last = slots[slots.length - 1]?.t ?? 0;
  const brush = useMemo(
    () =>
      hasBrush ? (
        <Brush
          dataKey="t"
          height={22}
          travellerWidth={8}
          tickFormatter={time}
          startIndex={startIndex}
          endIndex={endIndex}
          onChange={onBrush}
          className="lag-brush"
          ariaLabel={`Zoom between ${time(first)} and ${time(last)}: drag a handle, or focus it and use the arrow keys`}
        />
      ) : null,
    [hasBrush, time, startIndex, endIndex, onBrush, first, last],
  );

  return (
    <div className="lag-chart" data-testid={p.testId} data-points={p.pointCount} data-series={lines.map((l) => l.seriesId).join(' ')}>
      <ComposedChart width={p.width} height={p.height} data={slots as BrushSlot[]} margin={CHART_MARGIN}>
        {grid}
        {bandAreas}
        <XAxis dataKey="t" type="number" domain={p.domain as [number, number]} allowDataOverflow ticks={p.xTicks as number[]} interval={0} tickFormatter={time} className="lag-axis" />
        {yAxis}
        {marks}
        <EtaProjection projections={p.projections} />
        {drawing}
        {tooltip}
        {brush}
      </ComposedChart>
    </div>
  );
});

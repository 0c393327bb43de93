import { memo, useCallback, useMemo, useRef } from 'react';
import { Brush, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { Columns, SeriesUnit } from '../../../shared/metrics';
import { clockTime } from '../../lib/time';
import { ANNOTATION_LANE_PX } from './AnnotationLabel';
import { AnnotationMarks } from './AnnotationMarks';
import { DEFAULT_ANNOTATION_LAYOUT, type PlacedAnnotation } from './annotations';
import { EtaProjection } from './EtaProjection';
import { LagLines } from './LagLines';
import { LagTooltip, type LagTooltipLine } from './LagTooltip';
import { axisValue, type Band, type BrushSlot, type ChartLineSpec, type LineRow, type Projection } from './lagView';
import { PlotClip } from './PlotClip';
import { ThresholdBands } from './ThresholdBands';

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
 * Recharts draws the frame: the axes, the grid, the brush and the tooltip. What moves with
 * every live point is ours, plain SVG placed with recharts' own scales (LagLines,
 * ThresholdBands, AnnotationMarks, EtaProjection). Recharts 3 keeps every item it draws
 * registered in the chart's store, and a change to the store re-runs every item's
 * selectors: with the lines, bands and a dozen annotation lines as recharts items, one
 * chart's redraw cost ~20 ms; as our own layers, a new point re-renders one path, and a
 * moved axis re-places a few elements.
 *
 * Around what recharts still draws:
 * - animation is off: an animated item restarts its tween on every live point;
 * - each element is memoised on what it shows, since recharts re-registers an item on
 *   every render it gets;
 * - the chart's `data` is only the brush's slots, which change once per slot step (a new
 *   chart `data` makes recharts clear it and set it again);
 * - the tooltip needs one graphical item over the slots to be shown at all: a hidden line
 *   (`includeHidden`); LagTooltip looks the readings up itself.
 * Colours come from CSS classes (styles.css, "lag charts"), so both themes apply.
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
  const yAxis = useMemo(
    () => <YAxis type="number" domain={[0, yTop]} allowDataOverflow ticks={yTicks as number[]} interval={0} tickFormatter={value} width={Y_AXIS_WIDTH} className="lag-axis" />,
    [yTop, yTicks, value],
  );
  const [d0, d1] = p.domain;
  const xTicks = p.xTicks;
  const xAxis = useMemo(
    () => <XAxis dataKey="t" type="number" domain={[d0, d1]} allowDataOverflow ticks={xTicks as number[]} interval={0} tickFormatter={time} className="lag-axis" />,
    [d0, d1, xTicks, time],
  );
  const anchor = useMemo(() => <Line dataKey="t" hide isAnimationActive={false} dot={false} activeDot={false} legendType="none" />, []);
  const tooltip = useMemo(
    () => <Tooltip content={<LagTooltip source={tooltipLines} unit={unit} timeZone={timeZone} />} includeHidden isAnimationActive={false} cursor={{ className: 'lag-cursor' }} />,
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
        <ThresholdBands bands={bands} />
        {xAxis}
        {yAxis}
        <AnnotationMarks annotations={annotations} />
        <PlotClip>
          <EtaProjection projections={p.projections} />
          <LagLines lines={lines} lineData={lineData} />
        </PlotClip>
        {anchor}
        {tooltip}
        {brush}
      </ComposedChart>
    </div>
  );
});

import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { Brush, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesUnit } from '@shared/metrics';
import { clockTime } from '../../lib/time';
import { ANNOTATION_LANE_PX } from './AnnotationLabel';
import { AnnotationMarks } from './AnnotationMarks';
import { DEFAULT_ANNOTATION_LAYOUT, type PlacedAnnotation } from './annotations';
import { EtaProjection } from './EtaProjection';
import { LagLines } from './LagLines';
import { LagTooltip, type LagTooltipSource } from './LagTooltip';
import { axisValue, type Band, type ChartLineSpec, type LineRow, type Projection } from './lagView';
import { PlotClip } from './PlotClip';
import { ThresholdBands } from './ThresholdBands';
import { TimeAxis } from './TimeAxis';
import { BRUSH_ROWS, BRUSH_SLOTS, slotTime, type BrushRange, type BrushRow, type TimeSpan } from './timeAxis';
import { TimeScale } from './TimeScale';

export type LagChartProps = {
  testId: string;
  /** Stable while the chart's series are the same (memoised elements depend on it). */
  lines: readonly ChartLineSpec[];
  /** Each line's rows, by line index. */
  lineData: readonly (readonly LineRow[])[];
  projections: readonly (Projection | null)[];
  unit: SeriesUnit;
  /** The whole range's axis: what the brush spans, and the times its slots stand for. */
  span: TimeSpan;
  /** The times shown, left edge to right: the span, or the part of it zoomed to. */
  domain: readonly [number, number];
  xTicks: readonly number[];
  yTop: number;
  yTicks: readonly number[];
  bands: readonly Band[];
  annotations: readonly PlacedAnnotation[];
  /** The zoom as brush indices; null shows the whole span. */
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
 * Recharts' default handles a pointer move on the next animation frame, and a leave at once: a
 * move and a leave within one frame (a quick flick off the chart) brought the tooltip back after
 * the leave, for good. A move is handled as it comes instead (one axis lookup: cheap).
 */
const THROTTLED_EVENTS: readonly (keyof GlobalEventHandlersEventMap)[] = ['touchmove', 'scroll', 'wheel'];

/*
 * Recharts draws the frame: the value axis, the grid, the brush and the tooltip, over a
 * constant `data` of brush slots with an x axis that counts them (timeAxis.ts). The rest is
 * ours, plain SVG: the lines, threshold bands, event marks, the ETA and the time labels,
 * placed by the chart's time domain (TimeScale) and recharts' value axis.
 *
 * Why: recharts 3 keeps every item it draws registered in the chart's store and re-runs
 * every item's selectors on any change to the store. With the lines, bands and a dozen event
 * marks as recharts items and its x axis in time, a chart's redraw cost ~20 ms and every
 * step of "now" was one; now a live point re-renders one path and a step of the time axis
 * re-places our own elements, and recharts' store changes only with a zoom or the value axis.
 *
 * Around what recharts still draws:
 * - animation is off: an animated item restarts its tween on every live point;
 * - each element is memoised on what it shows: recharts re-registers an item (the axes, the
 *   brush) on every render it gets, whatever its props;
 * - the tooltip and the brush's labels read the lines and the span through a ref when they
 *   draw, so their elements never change for a live point;
 * - the tooltip needs one graphical item over the slots to be shown at all: a hidden line
 *   (`includeHidden`); LagTooltip looks the readings up itself.
 * Colours come from CSS classes (styles.css, "lag charts"), so both themes apply.
 */

/** One lag chart: the lines, the ETA projection, threshold bands, annotations and a brush to zoom. */
export const LagChart = memo(function LagChart(p: LagChartProps) {
  const { timeZone, unit, lines, lineData, bands, annotations, yTop, yTicks, onBrush, span } = p;
  const time = useCallback((t: number) => clockTime(t, timeZone), [timeZone]);
  const value = useCallback((v: number) => axisValue(v, unit), [unit]);
  const latest = useRef<LagTooltipSource>({ lines: [], timeAt: (i) => i, slotMs: 0 });
  // Kept once committed: the tooltip and the brush's labels read it when they draw, after.
  useLayoutEffect(() => {
    latest.current = {
      lines: lines.map((l) => ({ seriesId: l.seriesId, name: l.name, index: l.index, rows: lineData[l.index] ?? [] })),
      timeAt: (i) => slotTime(span, i),
      slotMs: (span.end - span.from) / (BRUSH_SLOTS - 1),
    };
  }, [lines, lineData, span]);
  const slotLabel = useCallback((i: number) => time(latest.current.timeAt(i)), [time]);

  const grid = useMemo(() => <CartesianGrid vertical={false} className="lag-grid" />, []);
  const yAxis = useMemo(
    () => (
      <YAxis
        type="number"
        domain={[0, yTop]}
        allowDataOverflow
        ticks={yTicks as number[]}
        interval={0}
        tickFormatter={value}
        width={Y_AXIS_WIDTH}
        className="lag-axis"
      />
    ),
    [yTop, yTicks, value],
  );
  // Always controlled: recharts keeps a zoom it was given until told otherwise.
  const startIndex = p.brush?.startIndex ?? 0;
  const endIndex = p.brush?.endIndex ?? BRUSH_SLOTS - 1;
  // Recharts' x axis counts slots and shows no labels: it keeps the band under the plot, where
  // TimeAxis writes the times, and draws the baseline.
  const xAxis = useMemo(
    () => <XAxis dataKey="i" type="number" domain={[startIndex, endIndex]} allowDataOverflow tick={false} tickLine={false} className="lag-axis" />,
    [startIndex, endIndex],
  );
  const anchor = useMemo(() => <Line dataKey="i" hide isAnimationActive={false} dot={false} activeDot={false} legendType="none" />, []);
  const tooltip = useMemo(
    () => (
      <Tooltip
        content={<LagTooltip source={latest} unit={unit} timeZone={timeZone} />}
        includeHidden
        isAnimationActive={false}
        cursor={{ className: 'lag-cursor' }}
      />
    ),
    [unit, timeZone],
  );
  const brush = useMemo(
    () => (
      <Brush
        dataKey="i"
        height={22}
        travellerWidth={8}
        tickFormatter={slotLabel}
        startIndex={startIndex}
        endIndex={endIndex}
        onChange={onBrush}
        className="lag-brush"
        ariaLabel="Zoom the time axis: drag a handle, or focus it and use the arrow keys"
      />
    ),
    [slotLabel, startIndex, endIndex, onBrush],
  );
  const [d0, d1] = p.domain;

  return (
    <div className="lag-chart" data-testid={p.testId} data-points={p.pointCount} data-series={lines.map((l) => l.seriesId).join(' ')}>
      <TimeScale from={d0} to={d1}>
        <ComposedChart width={p.width} height={p.height} data={BRUSH_ROWS as BrushRow[]} margin={CHART_MARGIN} throttledEvents={THROTTLED_EVENTS}>
          {grid}
          <ThresholdBands bands={bands} />
          {xAxis}
          {yAxis}
          <TimeAxis ticks={p.xTicks} format={time} />
          <AnnotationMarks annotations={annotations} />
          <PlotClip>
            <EtaProjection projections={p.projections} />
            <LagLines lines={lines} lineData={lineData} />
          </PlotClip>
          {anchor}
          {tooltip}
          {brush}
        </ComposedChart>
      </TimeScale>
    </div>
  );
});

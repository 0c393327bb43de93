import { memo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { linePath, type PixelScale } from './chartGeometry';
import { LAG_COLOURS, type ChartLineSpec, type LineRow } from './lagView';

export type LagLinesProps = {
  lines: readonly ChartLineSpec[];
  /** Each line's rows, by line index. */
  lineData: readonly (readonly LineRow[])[];
};

/**
 * The series' lines, one path each, from the chart's scales. A live point re-renders this
 * and nothing else in the chart while the axes stand still.
 */
export const LagLines = memo(function LagLines({ lines, lineData }: LagLinesProps) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const px: PixelScale = (t) => x(t);
  const py: PixelScale = (v) => y(v);
  return (
    <g className="lag-lines">
      {lines.map((l) => (
        <path key={l.seriesId} className={`lag-line lag-line--${l.index % LAG_COLOURS}`} data-series={l.seriesId} d={linePath(lineData[l.index] ?? [], px, py)} />
      ))}
    </g>
  );
});

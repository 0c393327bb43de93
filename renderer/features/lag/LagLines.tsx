import { memo } from 'react';
import { useYAxisScale } from 'recharts';
import { linePath } from './chartGeometry';
import { LAG_COLOURS, type ChartLineSpec, type LineRow } from './lagView';
import { useTimeX } from './TimeScale';

export type LagLinesProps = {
  lines: readonly ChartLineSpec[];
  /** Each line's rows, by line index. */
  lineData: readonly (readonly LineRow[])[];
};

/**
 * The series' lines, one path each, placed by the chart's time domain and value axis. A
 * live point re-renders this and nothing else in the chart while the value axis stands still.
 */
export const LagLines = memo(function LagLines({ lines, lineData }: LagLinesProps) {
  const x = useTimeX();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="lag-lines">
      {lines.map((l) => (
        <path key={l.seriesId} className={`lag-line lag-line--${l.index % LAG_COLOURS}`} data-series={l.seriesId} d={linePath(lineData[l.index] ?? [], x, y)} />
      ))}
    </g>
  );
});

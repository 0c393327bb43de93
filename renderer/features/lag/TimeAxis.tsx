import { memo } from 'react';
import { usePlotArea } from 'recharts';
import { markX } from './chartGeometry';
import { useTimeX } from './TimeScale';

export type TimeAxisProps = {
  ticks: readonly number[];
  format: (t: number) => string;
};

/** The time labels under the plot, in the band recharts keeps for its (label-less) x axis. */
export const TimeAxis = memo(function TimeAxis({ ticks, format }: TimeAxisProps) {
  const x = useTimeX();
  const plot = usePlotArea();
  if (!x || !plot) return null;
  const y = plot.y + plot.height;
  return (
    <g className="lag-time-axis">
      {ticks.map((t) => {
        const at = markX(t, x, plot);
        if (at === null) return null;
        return (
          <g key={t}>
            <line x1={at} y1={y} x2={at} y2={y + 6} />
            <text x={at} y={y + 8} dy="0.71em" textAnchor="middle">
              {format(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
});

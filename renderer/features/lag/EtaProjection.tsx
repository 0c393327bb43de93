import { useYAxisScale } from 'recharts';
import type { Projection } from './lagView';
import { LAG_COLOURS } from './lagView';
import { useTimeX } from './TimeScale';

export type EtaProjectionProps = {
  /** Per line (by index), its projection or null. */
  projections: readonly (Projection | null)[];
};

/**
 * The ETA projections, drawn inside the chart by its time domain and value axis: a dashed line from the last
 * reading towards (ETA, 0) and the ETA band behind it. Plain SVG rather than a Line and an
 * Area over every row: a live point then costs a few coordinates here, not a pass over all
 * rows in two more graphical items. The chart clips it to the plot (PlotClip).
 */
export function EtaProjection({ projections }: EtaProjectionProps) {
  const x = useTimeX();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const py = (v: number) => Number(y(v));
  return (
    <g className="lag-eta">
      {projections.map((p, i) => {
        if (!p || p.line.length < 2) return null;
        const [a, b] = [p.line[0]!, p.line[p.line.length - 1]!];
        const band =
          p.band && p.band.length > 1
            ? [...p.band.map((q) => `${x(q.t)},${py(q.lo)}`), ...[...p.band].reverse().map((q) => `${x(q.t)},${py(q.hi)}`)].join(' ')
            : null;
        return (
          <g key={i} className={`lag-eta__item lag-eta__item--${i % LAG_COLOURS}`} data-testid="lag-projection">
            {band && <polygon className="lag-eta__band" points={band} />}
            <line className="lag-eta__line" x1={x(a.t)} y1={py(a.v)} x2={x(b.t)} y2={py(b.v)} strokeDasharray="5 4" />
          </g>
        );
      })}
    </g>
  );
}

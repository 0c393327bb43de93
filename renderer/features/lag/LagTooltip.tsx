import type { TooltipContentProps } from 'recharts';
import type { Columns, SeriesUnit } from '../../../shared/metrics';
import { formatValue } from '../../../shared/metrics';
import { clockTime } from '../../lib/time';
import { LAG_COLOURS } from './lagView';

export type LagTooltipLine = { seriesId: string; name: string; index: number; drawn: Columns };
/** The lines, and the time a brush slot stands for (recharts' label is the slot's index). */
export type LagTooltipSource = { lines: readonly LagTooltipLine[]; timeAt: (slot: number) => number };

export type LagTooltipProps = Partial<Pick<TooltipContentProps, 'active' | 'label'>> & {
  /** Read when the tooltip draws: the chart updates it with every point without re-rendering the tooltip. */
  source: { readonly current: LagTooltipSource };
  unit: SeriesUnit;
  timeZone: string;
};

/** The drawn reading nearest `t` (rows interleave several lines, so the hovered row may not be this line's). */
function nearest(d: Columns, t: number): number | null {
  const n = d.t.length;
  if (n === 0) return null;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d.t[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === n) return d.v[n - 1]!;
  if (lo === 0) return d.v[0]!;
  return t - d.t[lo - 1]! <= d.t[lo]! - t ? d.v[lo - 1]! : d.v[lo]!;
}

/** Hover: the time in the cutover's zone and each line's reading there. */
export function LagTooltip({ active, label, source, unit, timeZone }: LagTooltipProps) {
  if (!active || typeof label !== 'number') return null;
  const { lines, timeAt } = source.current;
  const t = timeAt(label);
  return (
    <div className="lag-tooltip">
      <time className="lag-tooltip__time">{clockTime(t, timeZone, true)}</time>
      {lines.map((l) => {
        const v = nearest(l.drawn, t);
        return (
          <div key={l.seriesId} className="lag-tooltip__row">
            <span className={`lag-swatch lag-swatch--${l.index % LAG_COLOURS}`} aria-hidden="true" />
            {lines.length > 1 && <span className="lag-tooltip__name">{l.name}</span>}
            <span className="lag-tooltip__value">{v === null ? '\u2014' : formatValue(v, unit)}</span>
          </div>
        );
      })}
    </div>
  );
}

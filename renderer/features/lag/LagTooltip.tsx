import type { TooltipContentProps } from 'recharts';
import type { SeriesUnit } from '@shared/metrics';
import { formatValue } from '@shared/metrics';
import { clockTime } from '../../lib/time';
import { LAG_COLOURS, readingAt, type LineRow } from './lagView';

export type LagTooltipLine = { seriesId: string; name: string; index: number; rows: readonly LineRow[] };
/** The lines, the time a brush slot stands for (recharts' label is the slot's index), and a slot's width. */
export type LagTooltipSource = { lines: readonly LagTooltipLine[]; timeAt: (slot: number) => number; slotMs: number };

export type LagTooltipProps = Partial<Pick<TooltipContentProps, 'active' | 'label'>> & {
  /** Read when the tooltip draws: the chart updates it with every point without re-rendering the tooltip. */
  source: { readonly current: LagTooltipSource };
  unit: SeriesUnit;
  timeZone: string;
};

/** Hover: the time in the cutover's zone and each line's reading there. */
export function LagTooltip({ active, label, source, unit, timeZone }: LagTooltipProps) {
  if (!active || typeof label !== 'number') return null;
  const { lines, timeAt, slotMs } = source.current;
  const t = timeAt(label);
  return (
    <div className="lag-tooltip">
      <time className="lag-tooltip__time">{clockTime(t, timeZone, true)}</time>
      {lines.map((l) => {
        const v = readingAt(l.rows, t, slotMs);
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

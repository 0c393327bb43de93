import { memo } from 'react';
import type { LagLevel } from './lagStatus';
import { LAG_COLOURS } from './lagView';

export type LagSeriesHeaderProps = {
  seriesId: string;
  name: string;
  /** The colour of its line, when several share a chart. */
  colour: number | null;
  value: string;
  level: LagLevel;
  forecast: string;
  /** "down since 21:04: connection refused", or null while the source answers. */
  source: string | null;
  points: number;
  /** Made up by the hub (a demo source): said beside the name, so it is never read as the real backlog. */
  demo: boolean;
};

const LEVEL_WORD: Record<LagLevel, string | null> = { normal: null, warning: 'warning', critical: 'critical' };

/** A series' line above its chart: name, the latest reading, where it is heading, and its source's health. */
export const LagSeriesHeader = memo(function LagSeriesHeader(p: LagSeriesHeaderProps) {
  const word = LEVEL_WORD[p.level];
  return (
    <div className={`lag-series lag-series--${p.level}`} data-testid={`lag-series-${p.seriesId}`} data-points={p.points}>
      {/* The name is kept whole; only the screen cuts a long one, and its tooltip says it all. */}
      <span className="lag-series__name" title={p.name}>
        {p.colour !== null && <span className={`lag-swatch lag-swatch--${p.colour % LAG_COLOURS}`} aria-hidden="true" />}
        <span className="lag-series__label">{p.name}</span>
      </span>
      {p.demo && (
        <span className="lag-level lag-level--demo" title="Made up by the hub for a demo: not a reading of your systems">
          demo
        </span>
      )}
      <span className="lag-series__value" data-testid={`lag-value-${p.seriesId}`}>
        {p.value}
      </span>
      {word && <span className={`lag-level lag-level--${p.level}`}>{word}</span>}
      <span className="lag-series__forecast" data-testid={`lag-forecast-${p.seriesId}`}>
        {p.forecast}
      </span>
      {p.source && (
        <span className="lag-series__source" role="status" data-testid={`lag-source-${p.seriesId}`}>
          Source {p.source}
        </span>
      )}
    </div>
  );
});

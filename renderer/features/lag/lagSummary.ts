import type { SeriesStatus } from '@shared/metrics/applySeries';
import { formatValue, type Forecast, type SeriesConfig } from '@shared/metrics';
import type { LagSeriesHeaderProps } from './LagSeriesHeader';
import { forecastSentence, levelShown, sourceText } from './lagStatus';
import { lastAtOrBefore, type SeriesColumns } from './lagView';

/** Where the lag panel's folded state and its open/closed memory live (per browser session). */
export const LAG_OPEN_KEY = 'warroom.lag.open';

/**
 * Whether the charts show: folded unless opened in this session. Folded, each series is
 * one line, so on a laptop the runbook's running step stays above the fold.
 */
export function lagOpenAtStart(stored: string | null, defaultOpen: boolean): boolean {
  return stored === null ? defaultOpen : stored === 'true';
}

/**
 * A series' one-line summary while the charts are folded: the same words its chart's
 * header line says (name, latest reading, level, where it is heading, the source's health).
 */
export function summaryLine(
  config: SeriesConfig,
  cols: SeriesColumns | null,
  status: SeriesStatus | undefined,
  forecast: Forecast | null,
  now: number,
  timeZone: string,
): LagSeriesHeaderProps {
  const last = cols ? lastAtOrBefore(cols, now) : null;
  return {
    seriesId: config.id,
    name: config.name,
    colour: null,
    value: last ? formatValue(last.v, config.unit) : '\u2014',
    level: levelShown(last?.v ?? null, config, status),
    forecast: forecast ? forecastSentence(forecast, config.unit, timeZone, last?.v) : 'no readings yet',
    source: sourceText(status, timeZone),
    points: cols ? cols.t.length : 0,
    demo: config.source.kind === 'simulated',
  };
}

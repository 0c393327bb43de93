import { useMemo } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { LagSeriesHeader } from './LagSeriesHeader';
import { summaryLine } from './lagSummary';
import { useLagSeries } from '../../connection/lagStore';
import { FORECAST_EVERY_MS } from './lagView';
import { snapTime } from './timeAxis';
import { useForecasts } from './useForecasts';

type LagSummaryRowProps = { seriesId: string; now: number; timeZone: string };

/** One series as one line, while the charts are folded. */
export function LagSummaryRow({ seriesId, now, timeZone }: LagSummaryRowProps) {
  const config = useCutover((s) => s.state.series[seriesId]);
  const status = useCutover((s) => s.state.seriesStatus[seriesId]);
  const { buffer, version } = useLagSeries(seriesId);
  const forecastOf = useForecasts();
  // As the charts do: a forecast every few seconds, not on every reading.
  const at = snapTime(now, FORECAST_EVERY_MS, 0);
  const line = useMemo(
    () =>
      config ? summaryLine(config, buffer ? { t: buffer.times(), v: buffer.values() } : null, status, forecastOf(seriesId, buffer, at), now, timeZone) : null,
    // `version` stands for the buffer's contents, which grow in place.
    [config, buffer, version, status, forecastOf, seriesId, at, now, timeZone],
  );
  return line ? <LagSeriesHeader {...line} /> : null;
}

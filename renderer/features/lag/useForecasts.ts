import { useCallback, useRef } from 'react';
import { intervalOf, normalBandOf, processingStopped, type Forecast, type SeriesBuffer, type SeriesConfig } from '@shared/metrics';
import { useCutover } from '../../connection/cutoverStore';
import { seriesForecast } from './lagView';

export type ForecastOf = (seriesId: string, buffer: SeriesBuffer | undefined, at: number) => Forecast | null;

type Kept = { buffer: SeriesBuffer; at: number; config: SeriesConfig | undefined; stoppedAt: number | null; f: Forecast };

/**
 * A series' forecast as of a time, kept until another time is asked for. The header asks
 * every few seconds and the chart when it redraws, for the same snapped time (FORECAST_EVERY_MS),
 * so a Theil–Sen fit (the dearest part of a redraw) is made once for both. Readings after
 * `at` do not change it; a history backfill is a new buffer, which does. It aims at the
 * series' normal band, set or learned from before processing stopped, and is stale by its
 * configured interval, as the hub's alerts do.
 */
export function useForecasts(): ForecastOf {
  const kept = useRef(new Map<string, Kept>());
  const configs = useCutover((s) => s.state.series);
  const stoppedAt = useCutover((s) => processingStopped(s.state)?.at ?? null);
  return useCallback(
    (seriesId, buffer, at) => {
      if (!buffer) return null;
      const config = configs[seriesId];
      const hit = kept.current.get(seriesId);
      if (hit && hit.buffer === buffer && hit.at === at && hit.config === config && hit.stoppedAt === stoppedAt) return hit.f;
      const cols = { t: buffer.times(), v: buffer.values() };
      const f = config ? seriesForecast(cols, at, normalBandOf(config, cols, stoppedAt), intervalOf(config)) : seriesForecast(cols, at);
      kept.current.set(seriesId, { buffer, at, config, stoppedAt, f });
      return f;
    },
    [configs, stoppedAt],
  );
}

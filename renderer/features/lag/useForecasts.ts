import { useCallback, useRef } from 'react';
import type { Forecast, SeriesBuffer } from '../../../shared/metrics';
import { seriesForecast } from './lagView';

export type ForecastOf = (seriesId: string, buffer: SeriesBuffer | undefined, at: number) => Forecast | null;

/**
 * A series' forecast as of a time, kept until another time is asked for. The header asks
 * every few seconds and the chart when it redraws, for the same snapped time (FORECAST_EVERY_MS),
 * so a Theil–Sen fit (the dearest part of a redraw) is made once for both. Readings after
 * `at` do not change it; a history backfill is a new buffer, which does.
 */
export function useForecasts(): ForecastOf {
  const kept = useRef(new Map<string, { buffer: SeriesBuffer; at: number; f: Forecast }>());
  return useCallback((seriesId, buffer, at) => {
    if (!buffer) return null;
    const hit = kept.current.get(seriesId);
    if (hit && hit.buffer === buffer && hit.at === at) return hit.f;
    const f = seriesForecast({ t: buffer.times(), v: buffer.values() }, at);
    kept.current.set(seriesId, { buffer, at, f });
    return f;
  }, []);
}

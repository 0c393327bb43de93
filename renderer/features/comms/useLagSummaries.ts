import { useMemo } from 'react';
import { lagSummaryOf, readingOf, type LagSummary } from '@shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import { useLag } from '../../connection/lagStore';
import { useForecasts } from '../lag';

/*
 * The lag series as a message talks about them (latest reading, catch-up ETA), from the
 * samples this window holds, with the very forecast the charts and the header show (the
 * same fit, the same normal band): an update never says "caught up" where the chart does
 * not. Read when `now` ticks rather than on every sample, so a second's readings do not
 * redraw the composer. The one place to change if the lag store does.
 */
export function useLagSummaries(now: number): LagSummary[] {
  const series = useCutover((s) => s.state.series);
  const order = useCutover((s) => s.state.seriesOrder);
  const statuses = useCutover((s) => s.state.seriesStatus);
  const forecastOf = useForecasts();
  return useMemo(() => {
    const buffers = useLag.getState().buffers;
    return order.flatMap((id) => {
      const config = series[id];
      const f = config ? forecastOf(id, buffers[id], now) : null;
      if (!config) return [];
      return [
        lagSummaryOf(
          config,
          { value: f?.value ?? null, etaMs: f?.etaMs ?? null, trend: f?.trend ?? 'unknown', ...(f?.stale ? { stale: true } : {}) },
          readingOf(buffers[id], statuses[id]),
        ),
      ];
    });
  }, [series, statuses, order, now, forecastOf]);
}

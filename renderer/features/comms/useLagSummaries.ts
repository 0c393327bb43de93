import { useMemo } from 'react';
import { lagSummaryOf, type LagSummary } from '../../../shared/comms';
import { DEFAULT_WINDOW_MS, forecast } from '../../../shared/metrics';
import { useCutover } from '../../connection/cutoverStore';
import { useLag } from '../lag/lagStore';

/*
 * The lag series as a message talks about them (latest reading, catch-up ETA), from the
 * samples this window holds. Read when `now` ticks rather than on every sample, so a
 * second's readings do not redraw the composer. The one place to change if the lag store does.
 */
export function useLagSummaries(now: number): LagSummary[] {
  const series = useCutover((s) => s.state.series);
  const order = useCutover((s) => s.state.seriesOrder);
  return useMemo(() => {
    const buffers = useLag.getState().buffers;
    return order.flatMap((id) => {
      const config = series[id];
      if (!config) return [];
      const f = forecast(buffers[id]?.pointsSince(now - DEFAULT_WINDOW_MS) ?? [], now);
      return [lagSummaryOf(config, { value: f.value, etaMs: f.etaMs, trend: f.trend })];
    });
  }, [series, order, now]);
}

import { memo, useMemo } from 'react';
import { drainEtaOf } from '@shared/metrics';
import { drainAgainstPlan } from '@shared/postmortem';
import { useCutoverLater } from '../../connection/cutoverLater';
import { useLag } from '../../connection/lagStore';
import { useShownNow } from '../../lib/useNow';
import { Chip } from '../../ui/Chip';
import { useForecasts } from '../lag';

/**
 * The live drain against its plan, while the drain step runs: "40 of 150 min, on pace for
 * 170". The plan came from the rehearsal's rates (seed 000: staging drained in minutes, live
 * in hours); the pace is the queue's own forecast, the one the lag chart shows.
 */
export const DrainChip = memo(function DrainChip() {
  // The steps and the series' order only: a comms message or a vote does not redraw it. As
  // of the next frame, like the rest of the header.
  const steps = useCutoverLater((s) => s.state.steps);
  const order = useCutoverLater((s) => s.state.seriesOrder);
  const buffers = useLag((s) => s.buffers);
  const versions = useLag((s) => s.versions);
  const forecastOf = useForecasts();
  const now = useShownNow(5000);
  const view = useMemo(() => {
    // The latest caught-up time among the series that are draining: the drain ends with the last of them.
    // A series already caught up is done draining; one with no forecast (too few readings, growing) has no end yet.
    const eta = drainEtaOf(
      order.map((id) => forecastOf(id, buffers[id], now)),
      now,
    );
    return drainAgainstPlan({ steps }, now, eta);
    // `versions` stands for the buffers' contents, which grow in place.
  }, [steps, order, buffers, versions, forecastOf, now]);
  if (!view) return null;
  const pace = view.projectedMin === null ? 'not draining yet' : `on pace for ${Math.round(view.projectedMin)}`;
  const text = `${Math.round(view.elapsedMin)} of ${Math.round(view.plannedMin)} min, ${pace}`;
  return (
    <Chip
      label="Drain"
      text={text}
      tone={view.late ? 'warn' : 'calm'}
      testId="hdr-drain"
      title={`${view.title}: ${Math.round(view.elapsedMin)} min in, ${Math.round(view.plannedMin)} min planned from the rehearsal; ${pace}${view.projectedMin === null ? '' : ' min'}`}
      shrink
    />
  );
});

import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { drainUnderWay } from '../metrics/drainEta';
import type { SampleBatch } from '../metrics/schema';
import { MIN } from '../time';
import { analyseLag } from './lag';
import { plannedVsActual } from './plannedVsActual';
import { mergeSamples } from './samples';

/*
 * Seed 000's lesson in numbers: staging drained its queue in minutes, live took two and a half
 * hours, because live had three times the traffic arriving while the same consumers worked
 * the backlog off. A rehearsal's queue tells two rates: how fast events arrived while
 * processing was stopped (the build-up), and how fast the backlog fell once it restarted (the
 * net drain, which is what the consumers process less what keeps arriving). So
 *
 *   processing = net drain + arrival          (the consumers' own pace, the same on live)
 *   live arrival = arrival × data-volume ratio
 *   live backlog = planned stop length × live arrival
 *   live drain   = live backlog ÷ (processing − live arrival)
 *
 * When live arrivals would outrun the consumers, the backlog never drains: the plan says so
 * instead of giving a length. Bigger consumers on live are the lead's factor for the step.
 */

export type DrainRates = {
  seriesId: string;
  name: string;
  /** The outage the backlog built behind ("event processing"). */
  outage: string;
  /** Per minute, in the rehearsal. */
  arrivalPerMin: number;
  netDrainPerMin: number;
  processingPerMin: number;
  /** What the rehearsal measured: the stop's length, the backlog at the restart, the drain's length. */
  stopMin: number;
  backlog: number;
  drainMin: number;
};

export type DrainForecast =
  { ok: true; rates: DrainRates; liveArrivalPerMin: number; liveBacklog: number; drainMin: number } | { ok: false; rates: DrainRates | null; reason: string };

// A recorded night does not change: its rates are worked out once, not at every move of the
// planning screen's factors (each would analyse every sample of the night again).
const measured = new WeakMap<readonly CutoverEvent[], { count: number; samples: readonly SampleBatch[]; rates: DrainRates | null }>();

/** The rates of the backlog a rehearsal built behind its outage: the series that drained after a restart, the largest first. */
export function rehearsalDrainRates(state: CutoverState, events: readonly CutoverEvent[], samples: readonly SampleBatch[]): DrainRates | null {
  const kept = measured.get(events);
  // The count too: a live client's events array grows in place.
  if (kept?.samples === samples && kept.count === events.length) return kept.rates;
  const rates = measureDrainRates(state, events, samples);
  measured.set(events, { count: events.length, samples, rates });
  return rates;
}

function measureDrainRates(state: CutoverState, events: readonly CutoverEvent[], samples: readonly SampleBatch[]): DrainRates | null {
  const pva = plannedVsActual(state);
  const lag = analyseLag(state, events, samples, pva.outages);
  const columns = mergeSamples(samples);
  let best: DrainRates | null = null;
  for (const s of lag.series) {
    const outage = pva.outages.find((o) => o.name === s.drainFrom?.restartOf);
    // Only a drain seen from start to end is a rate: one that happened in a gap is not measured.
    if (s.drain?.kind !== 'seen' || !outage || outage.start === null || outage.end === null) continue;
    const cols = columns.get(s.seriesId);
    if (!cols) continue;
    // The backlog at the restart: the last reading at or before it, above the band it drains to.
    let at = -1;
    for (let i = 0; i < cols.t.length && cols.t[i]! <= outage.end; i++) at = i;
    if (at < 0) continue;
    const backlog = cols.v[at]! - s.floor;
    const stopMin = (outage.end - outage.start) / MIN;
    const drainMin = s.drain.ms / MIN;
    if (backlog <= 0 || stopMin <= 0 || drainMin <= 0) continue;
    const arrivalPerMin = backlog / stopMin;
    const netDrainPerMin = backlog / drainMin;
    const rates = {
      seriesId: s.seriesId,
      name: s.name,
      outage: outage.name,
      arrivalPerMin,
      netDrainPerMin,
      processingPerMin: netDrainPerMin + arrivalPerMin,
      stopMin,
      backlog,
      drainMin,
    };
    if (!best || rates.backlog > best.backlog) best = rates;
  }
  return best;
}

/** The live drain's length from the rehearsal's rates, the data-volume ratio and the live plan's stop length. */
export function forecastDrain(rates: DrainRates | null, volumeRatio: number, liveStopMin: number): DrainForecast {
  if (!rates) return { ok: false, rates, reason: 'The rehearsal recorded no queue that built up behind an outage and drained after it.' };
  const liveArrivalPerMin = rates.arrivalPerMin * volumeRatio;
  const liveNet = rates.processingPerMin - liveArrivalPerMin;
  if (liveNet <= 0) {
    return {
      ok: false,
      rates,
      reason: `At ${Math.round(liveArrivalPerMin)} a minute arriving on live, more than the ${Math.round(rates.processingPerMin)} a minute the consumers processed in the rehearsal, the ${rates.name} would never drain: plan more consumers first.`,
    };
  }
  const liveBacklog = liveStopMin * liveArrivalPerMin;
  return { ok: true, rates, liveArrivalPerMin, liveBacklog, drainMin: liveBacklog / liveNet };
}

/** The running drain step against its plan, for the live header: minutes in, planned, and where the queue's pace puts its end. */
export type DrainAgainstPlan = { stepId: string; title: string; elapsedMin: number; plannedMin: number; projectedMin: number | null; late: boolean };

/**
 * `etaMs`: when the queue is forecast to be caught up (null when it is not draining). Late
 * means the forecast end is more than a quarter past the plan, or the queue is not draining
 * with the plan's time used up.
 */
export function drainAgainstPlan(state: Pick<CutoverState, 'steps'>, now: number, etaMs: number | null): DrainAgainstPlan | null {
  const step = drainUnderWay(state);
  if (!step || step.startedAt === null) return null;
  const elapsedMin = Math.max(0, (now - step.startedAt) / MIN);
  const projectedMin = etaMs === null ? null : Math.max(elapsedMin, (etaMs - step.startedAt) / MIN);
  const plannedMin = step.plannedDurationMin;
  const late = projectedMin === null ? elapsedMin > plannedMin : projectedMin > plannedMin * 1.25;
  return { stepId: step.id, title: step.title, elapsedMin, plannedMin, projectedMin, late };
}

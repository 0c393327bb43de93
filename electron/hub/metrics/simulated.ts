import type { CutoverState } from '@shared/cutover';
import type { SourceConfig } from '@shared/metrics';
import type { Source } from './sources/source';

type Simulated = Extract<SourceConfig, { kind: 'simulated' }>;

/**
 * The demo's backlog: while processing is stopped (the stop step has started and the
 * restart step is not done) events queue at `inflowPerSec`; once processing restarts the
 * queue drains at `drainPerSec` minus the inflow that keeps arriving. It reads the
 * cutover's own state, so the chart turns exactly where the runbook says it should.
 *
 * `from` is the series' last stored reading: after a restart the backlog carries on from
 * it, and the time the hub was away is not made up (no readings exist for it). Starting
 * again at 0 drew a drain that never happened, and the postmortem reported it.
 */
export function simulatedSource(
  config: Simulated,
  state: () => CutoverState,
  now: () => number,
  random: () => number = Math.random,
  from: number | null = null,
): Source {
  let backlog = from !== null && Number.isFinite(from) ? Math.max(0, from) : 0;
  let last = now();
  return {
    async read() {
      const t = now();
      const dt = Math.max(0, (t - last) / 1000);
      last = t;
      const s = state();
      const stop = config.stopStep ? s.steps[config.stopStep] : undefined;
      const restart = config.restartStep ? s.steps[config.restartStep] : undefined;
      const stopped = stop !== undefined && stop.status !== 'pending' && restart?.status !== 'done';
      const inflow = config.inflowPerSec * (1 + config.noise * (random() * 2 - 1));
      const drained = stopped ? 0 : config.drainPerSec;
      backlog = Math.max(0, backlog + (inflow - drained) * dt);
      // A little steady-state depth even when caught up, as a real queue shows.
      return Math.round(stopped || backlog > 0 ? backlog : inflow * random());
    },
    async close() {},
  };
}

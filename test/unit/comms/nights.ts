import type { LagSummary } from '@shared/comms';
import { CTO, DBA, LEAD, Night } from '../../support/domain';
import { SMALL_RUNBOOK, WINDOW_START } from '../../support/hubHarness';

/*
 * Nights for the comms tests, folded with the real reducer. The window is 19:00–21:00 BST
 * on 29 April 2026 (seed 000's night); SMALL_RUNBOOK plans a (0–15) → b (15–25) → c (25–30)
 * and d (15–25) after a, so the plan ends at 19:30.
 */

/** SMALL_RUNBOOK, with a way back for stopping event processing (so a rollback has a step). */
export const RUNBOOK = {
  phases: SMALL_RUNBOOK.phases.map((p) => ({
    ...p,
    steps: p.steps.map((s) => (s.id === 'a' ? { ...s, rollbackNote: 'Restart event processing on the old database' } : s)),
  })),
};

export const at = (min: number) => WINDOW_START + min * 60_000;

/** Started a quarter of an hour late; the first step then took exactly its planned 15 minutes. */
export const fifteenMinutesLate = () =>
  new Night(RUNBOOK).at(15).ok(LEAD, 'cutover.start').ok(DBA, 'step.start', { stepId: 'a' }).at(30).ok(DBA, 'step.complete', { stepId: 'a' });

/** Late, the switch-over under way, and the CTO's GO on record. */
export const midNight = () =>
  fifteenMinutesLate()
    .ok(DBA, 'step.start', { stepId: 'b' })
    .ok(DBA, 'step.start', { stepId: 'd' })
    .at(32)
    .ok(CTO, 'decision.record', { decision: 'go', rationale: 'replication in sync' });

export const completedNight = () =>
  midNight()
    .at(41)
    .ok(DBA, 'step.complete', { stepId: 'b' })
    .ok(DBA, 'step.complete', { stepId: 'd' })
    // The point of no return takes a GO given once the switch-over is done.
    .ok(CTO, 'decision.record', { decision: 'go', rationale: 'replication in sync' })
    .ok(DBA, 'step.start', { stepId: 'c', cross: true })
    .at(46)
    .ok(DBA, 'step.complete', { stepId: 'c' })
    .ok(LEAD, 'cutover.finish', { outcome: 'completed' });

/** ROLLBACK decided; the switch-over failed and the check was dropped, so the way back is what remains. */
export const rollingBackNight = () =>
  midNight()
    .at(40)
    .ok(CTO, 'decision.record', { decision: 'rollback', rationale: 'sequences out of step' })
    .ok(DBA, 'step.fail', { stepId: 'b', reason: 'sequences out of step' })
    .ok(DBA, 'step.fail', { stepId: 'd', reason: 'rolling back' });

export const rolledBackNight = () => rollingBackNight().at(60).ok(LEAD, 'cutover.finish', { outcome: 'rolled_back', reason: 'backed out as per plan' });

/** Seed 000's backlog: the alarm queue drains by 23:05; the replica is nearer its critical line. */
export const LAG: LagSummary[] = [
  { seriesId: 'alarms', name: 'Alarm queue', unit: 'count', value: 12_400, etaMs: at(243), trend: 'draining', critical: 50_000 },
  { seriesId: 'replica', name: 'Replica lag', unit: 'seconds', value: 250, etaMs: null, trend: 'flat', critical: 600 },
];

import { ROLLBACK_PHASE_ID } from '../polls/rollbackPlan';
import type { CutoverStatus } from './schema';
import { rollingBack } from './rails';
import type { CutoverState, StepState } from './state';

/**
 * What the night is doing, beyond its lifecycle status: a night in progress may be on hold
 * (the latest decision is HOLD) or rolling back (ROLLBACK was decided and the lead has not
 * recorded the outcome yet).
 */
export type NightPhase = CutoverStatus | 'on_hold' | 'rolling_back';

export type NightHold = { since: number; by: string; rationale: string };
export type NightRollback = { since: number; by: string | null; rationale: string | null; done: number; total: number };
export type FailedStep = { stepId: string; title: string; reason: string | null; at: number | null };

export type NightState = {
  phase: NightPhase;
  /** The phase in words, as the header says it ("rolling back"). */
  word: string;
  /** Set while on hold: the HOLD decision that holds the night. */
  hold: NightHold | null;
  /** Set while the rollback is under way (not once the night is recorded as rolled back). */
  rollback: NightRollback | null;
  /** Steps that failed and were not reopened, in runbook order. */
  failed: FailedStep[];
};

const WORDS: Record<NightPhase, string> = {
  draft: 'draft',
  scheduled: 'scheduled',
  in_progress: 'in progress',
  on_hold: 'on hold',
  rolling_back: 'rolling back',
  completed: 'completed',
  rolled_back: 'rolled back',
  aborted: 'aborted',
};

function rollbackUnderWay(state: CutoverState): NightRollback | null {
  // Once the lead records the outcome the rollback is over, whatever the checklist says.
  if (!rollingBack(state) || !state.rollback) return null;
  const decision = state.decisions.find((d) => d.id === state.rollback!.decisionId);
  const ids = state.phases.find((p) => p.id === ROLLBACK_PHASE_ID)?.stepIds ?? [];
  const settled = ids.filter((id) => state.steps[id]?.status === 'done' || state.steps[id]?.status === 'skipped');
  return { since: state.rollback.startedAt, by: decision?.by.name ?? null, rationale: decision?.rationale ?? null, done: settled.length, total: ids.length };
}

function holding(state: CutoverState): NightHold | null {
  // The latest decision rules: a GO (or a ROLLBACK) after a HOLD lifts it.
  const last = state.decisions[state.decisions.length - 1];
  if (state.status !== 'in_progress' || !last || last.decision !== 'hold') return null;
  return { since: last.at, by: last.by.name, rationale: last.rationale };
}

/** The night at a glance: the header, the banners and the review all read it from here. */
export function nightState(state: CutoverState): NightState {
  const rollback = rollbackUnderWay(state);
  // A HOLD during a rollback does not undo the ROLLBACK: the way back is still the way.
  const hold = rollback ? null : holding(state);
  const phase: NightPhase = rollback ? 'rolling_back' : hold ? 'on_hold' : state.status;
  const failed = state.phases
    .flatMap((p) => p.stepIds)
    .map((id) => state.steps[id])
    .filter((s): s is StepState => s?.status === 'failed')
    .map((s) => ({ stepId: s.id, title: s.title, reason: s.statusReason, at: s.endedAt }));
  return { phase, word: WORDS[phase], hold, rollback, failed };
}

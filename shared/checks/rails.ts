import { refuse, type Decision } from '../core/decision';
import type { CutoverState, StepState } from '../cutover/state';
import type { PollCondition, PollState } from '../polls/schema';
import type { CheckEvidence, CheckState } from './schema';
import { checkOf, checksOfStep, checkWords, lastWords, passesNow, passing, staleNow } from './state';
import { span } from '../time';

/*
 * Where checks stand in the way: a step completed by hand while its check fails, a GO while
 * a poll's condition is unmet, a gate's poll opened before its checks pass. The slices that
 * own those commands ask here, so the rule is written once.
 */

/**
 * A condition bound to a check is met while the check passes now: a pass read long ago (the
 * poll's round closed at 01:40 and nothing read the check since) says nothing of 02:20, when
 * the GO would cross the point of no return on it (passesNow). A ticked one is as it was ticked.
 */
export function conditionMet(state: CutoverState, c: PollCondition, now: number): boolean | null {
  if (!c.checkId) return c.met;
  const check = checkOf(state, c.checkId);
  return check?.last ? passesNow(check, now) : null;
}

/**
 * The conditions of a poll that say no now: one bound to a check that does not pass (or has
 * not run, or passed too long ago), one ticked as not met. One nobody ticked says nothing
 * either way (untickedConditions).
 */
export const unmetConditions = (state: CutoverState, poll: PollState, now: number): PollCondition[] =>
  poll.conditions.filter((c) => (c.checkId !== undefined ? conditionMet(state, c, now) !== true : c.met === false));

/** The conditions checked by hand that nobody has ticked yet: shown to whoever decides, not a refusal. */
export const untickedConditions = (poll: PollState): PollCondition[] => poll.conditions.filter((c) => c.checkId === undefined && c.met === null);

/**
 * "“lag under 5 s” (7, not below 5)", "“queue drained” (ticked as not met by Dana)", "“row
 * counts match” (last passed 40m ago: not read since)": a condition as a refusal names it.
 */
export function conditionWords(state: CutoverState, c: PollCondition, now: number): string {
  if (!c.checkId) return `“${c.text}” (${c.met === false ? `ticked as not met${c.by ? ` by ${c.by}` : ''}` : 'not ticked'})`;
  return `“${c.text}” (${checkStanding(checkOf(state, c.checkId), now)})`;
}

/** "7, not below 5", "not run yet", "last passed 40m ago: not read since": where a check stands now. */
export function checkStanding(check: CheckState | undefined, now: number): string {
  return check && staleNow(check, now) ? `last passed ${span(now - check.last!.at)} ago: not read since` : lastWords(check);
}

/** What a step's completion carries about its checks. */
export const evidenceOf = (checks: readonly CheckState[], now?: number): CheckEvidence[] =>
  checks.map((c) => ({
    checkId: c.config.id,
    name: c.config.name,
    // A pass too old to vouch for the step is not evidence that it passed (passesNow).
    pass: now === undefined ? passing(c) : passesNow(c, now),
    summary: lastWords(c),
    at: c.last?.at ?? null,
    attempt: c.last?.attempt ?? 0,
  }));

/**
 * A step whose checks do not all pass is completed by a person only when forced with a
 * reason; either way its completion carries the evidence.
 */
export function stepChecksRail(state: CutoverState, step: StepState, force: string | undefined, now: number): Decision | null {
  const failing = checksOfStep(state, step.id).filter((c) => !passesNow(c, now));
  if (failing.length === 0 || force) return null;
  // Only old passes stand in the way: the step is not failing its checks, it is unread.
  if (failing.every((c) => staleNow(c, now))) return refuse('precondition', staleRefusal(step, failing, now));
  return refuse(
    'precondition',
    `“${step.title}” cannot be completed while its check${failing.length > 1 ? 's' : ''} ${failing.map(checkWords).join(', ')} ${failing.length > 1 ? 'do' : 'does'} not pass; complete it anyway with a reason`,
  );
}

/** The checks a gate's poll waits on: those of its conditions and those bound to the gate step. */
export function gateChecks(state: CutoverState, conditionCheckIds: readonly string[], gateStepId: string | undefined): CheckState[] {
  const ids = new Set(conditionCheckIds);
  const bound = gateStepId ? checksOfStep(state, gateStepId) : [];
  return [...[...ids].flatMap((id) => checkOf(state, id) ?? []), ...bound.filter((c) => !ids.has(c.config.id))];
}

/**
 * The step a check still guards, if removing it takes a rail away mid-night: the night has
 * started and the step it verifies is not done or skipped. Without the check the step could
 * be completed with nothing read, so its removal asks for a reason, on the record. Before the
 * night, checks are set up and taken down freely.
 */
export function stepGuardedBy(state: CutoverState, check: CheckState): StepState | null {
  if (state.status !== 'in_progress' || !check.config.step) return null;
  const step = state.steps[check.config.step.stepId];
  return step && step.status !== 'done' && step.status !== 'skipped' ? step : null;
}

/** "“orders row counts” verifies “Check the copy”, which is not done: …" */
export const guardedStepRefusal = (check: CheckState, step: StepState): string =>
  `“${check.config.name}” verifies “${step.title}”, which is not done: without it the step could be completed with nothing read. Say why it goes; the reason is put on the record`;

/** "“orders row counts” verifies “Check the copy”, which is not done: it stays on that step. …" */
export const movedOffRefusal = (check: CheckState, step: StepState): string =>
  `“${check.config.name}” verifies “${step.title}”, which is not done: it stays on that step while it runs. If it must go, the lead removes it and says why, on the record`;

/** "“Check the site” cannot be completed on an old reading: “site answers” last passed 3h 04m ago. …" */
function staleRefusal(step: StepState, stale: readonly CheckState[], now: number): string {
  const which = stale.map((c) => `“${c.config.name}” last passed ${span(now - c.last!.at)} ago`).join(', ');
  return `“${step.title}” cannot be completed on an old reading: ${which}. Run ${stale.length > 1 ? 'them' : 'it'} again (Run now), or start the step, which runs ${stale.length > 1 ? 'them' : 'it'}`;
}

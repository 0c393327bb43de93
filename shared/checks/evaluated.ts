import type { NewEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { evidenceOf } from './rails';
import type { CheckResult, CheckState } from './schema';
import { checkOf, checksOfStep, passesNow } from './state';

/*
 * What the hub records when a check has run: the result, and the steps it completes. A
 * verification step set to complete by itself is done, by the hub, once every check bound to
 * it passes now while it runs (an old pass of another of its checks vouches for nothing, as
 * for a person's Done); the evidence goes into the event. A gate is never completed here: it
 * completes only through the approver's GO, which weighs its checks.
 */

/** The events for one result: `check.evaluated`, then `step.completed` for each step it completes. */
export function resultEvents(state: CutoverState, result: CheckResult, now: number): NewEvent[] {
  const events: NewEvent[] = [{ type: 'check.evaluated', payload: result }];
  const check = checkOf(state, result.checkId);
  const stepId = check?.config.step?.stepId;
  const step = stepId ? state.steps[stepId] : undefined;
  if (!check || !step || step.kind === 'gate' || !result.pass || state.status !== 'in_progress' || step.status !== 'in_progress') return events;
  const bound = checksOfStep(state, step.id);
  if (!bound.some((c) => c.config.step?.completes === 'auto')) return events;
  // This result is the check's newest word; the step's other checks must pass now.
  if (!bound.every((c) => c.config.id === check.config.id || passesNow(c, now))) return events;
  const evidence = evidenceOf(bound, now).map((e) =>
    e.checkId === check.config.id ? { ...e, pass: true, summary: result.summary, at: null, attempt: result.attempt } : e,
  );
  const said = evidence.map((e) => `${e.name}: ${e.summary}`).join('; ');
  events.push({ type: 'step.completed', payload: { stepId: step.id, note: `Verified by the hub. ${said}`.slice(0, 2000), evidence } });
  return events;
}

/** Whether a result says nothing new beside the last recorded one: the same verdict and the same error. */
export function sameResult(last: CheckState['last'], result: Pick<CheckResult, 'pass' | 'error'>): boolean {
  return last !== null && last.pass === result.pass && last.error === result.error;
}

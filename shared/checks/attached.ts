import type { CutoverState } from '../cutover/state';
import { awaitingDecision } from '../polls/awaiting';
import { unmetDependencies } from '../cutover/rails';
import { checkList } from './state';

/**
 * The checks the hub runs on its own, every `intervalSec`: those bound to a condition of a
 * poll still to be decided (open, or closed with its answers in and no decision yet: a GO on
 * it weighs the condition as the check reads now), to a running step, or to a gate whose
 * dependencies are done (its poll may wait on them). Any other check runs only when someone
 * asks ("Run now").
 */
export function attachedChecks(state: CutoverState): Set<string> {
  const ids = new Set<string>();
  if (state.status !== 'in_progress') return ids;
  for (const poll of awaitingDecision(state)) for (const c of poll.conditions) if (c.checkId) ids.add(c.checkId);
  for (const check of checkList(state)) {
    const step = check.config.step ? state.steps[check.config.step.stepId] : undefined;
    if (!step) continue;
    const gateReady = step.kind === 'gate' && step.status === 'pending' && unmetDependencies(state, step).length === 0;
    if (step.status === 'in_progress' || gateReady) ids.add(check.config.id);
  }
  return ids;
}

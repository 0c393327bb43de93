import { words } from '../core/words';
import { ponrRemovalRefusal } from '../cutover/rails';
import type { CutoverState, StepState } from '../cutover/state';
import { firstStartOf } from './time';

/**
 * Why a step cannot leave the runbook now, or null: only a pending step never worked on that no
 * other step depends on can. A step reopened after it failed is pending again, but its attempt
 * is the night's record: removed, the postmortem's counts would lose it and its failure. The
 * hub refuses by it (decide.ts), and the lead's editor reads it to say why Remove… is not
 * offered, instead of offering it to be refused.
 */
export function whyNotRemovable(state: CutoverState, step: StepState): string | null {
  if (step.status !== 'pending') return `“${step.title}” is ${words(step.status)}; only a pending step can be removed`;
  if (firstStartOf(step) !== null) return `“${step.title}” was worked on tonight, and what happened to it is the night's record; skip it with a reason instead`;
  // Removed (and added again without the mark), the point of no return would be crossed with no
  // GO, no override and no moment on the record, as unticking its box would (ponrRemovalRefusal).
  const ponr = ponrRemovalRefusal(state, step, { pointOfNoReturn: false });
  if (ponr) return ponr;
  const dependent = Object.values(state.steps).find((s) => s.dependsOn.includes(step.id));
  return dependent ? `“${dependent.title}” depends on “${step.title}”; change that first` : null;
}

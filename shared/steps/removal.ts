import { words } from '../core/words';
import type { CutoverState, StepState } from '../cutover/state';

/**
 * Why a step cannot leave the runbook now, or null: only a pending step that no other step
 * depends on can. The hub refuses by it (decide.ts), and the lead's editor reads it to say
 * why Remove… is not offered, instead of offering it to be refused.
 */
export function whyNotRemovable(state: CutoverState, step: StepState): string | null {
  if (step.status !== 'pending') return `“${step.title}” is ${words(step.status)}; only a pending step can be removed`;
  const dependent = Object.values(state.steps).find((s) => s.dependsOn.includes(step.id));
  return dependent ? `“${dependent.title}” depends on “${step.title}”; change that first` : null;
}

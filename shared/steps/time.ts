import type { StepState } from '../cutover/state';

/**
 * When a step was first started: a step that failed, was reopened and redone began at its
 * first start, not at the retry. A snapshot written before the first start was kept has none:
 * its latest start stands in.
 */
export const firstStartOf = (step: Pick<StepState, 'startedAt' | 'firstStartedAt'>): number | null => step.firstStartedAt ?? step.startedAt;

import type { CutoverState } from '../cutover/state';
import type { CheckState } from './schema';

/*
 * Snapshots written before checks existed hold no `checks`: every reader goes through these,
 * so such a night reads as one with no checks instead of failing.
 */

type Checks = Pick<CutoverState, 'checks' | 'checkOrder'>;

export const checksOf = (state: Pick<CutoverState, 'checks'>): Record<string, CheckState> => state.checks ?? {};
export const checkOrderOf = (state: Pick<CutoverState, 'checkOrder'>): string[] => state.checkOrder ?? [];
export const checkOf = (state: Pick<CutoverState, 'checks'>, id: string): CheckState | undefined => checksOf(state)[id];

/** Checks in the order they were defined. */
export const checkList = (state: Checks): CheckState[] => checkOrderOf(state).flatMap((id) => checksOf(state)[id] ?? []);

/** The checks bound to a step. */
export const checksOfStep = (state: Checks, stepId: string): CheckState[] => checkList(state).filter((c) => c.config.step?.stepId === stepId);

/** Passing: its last recorded result passed. A check never run is not passing. */
export const passing = (c: CheckState | undefined): boolean => c?.last?.pass === true;

/** What a check's last result says: its error or its summary, or "not run yet". */
export const lastWords = (c: CheckState | undefined): string => (c?.last ? (c.last.error ?? c.last.summary) : 'not run yet');

/** "orders row counts (999 vs 1,000: differ by 1)" or "(not run yet)": a check as a refusal names it. */
export function checkWords(c: CheckState): string {
  const why = lastWords(c);
  return `“${c.config.name}” (${why})`;
}

import type { CutoverState } from '../cutover/state';

/*
 * A decision the screen had not shown. A command that weighs the night's decisions (a GO, a
 * crossing of the point of no return without one) names the last decision its screen showed
 * (`after`); one recorded since, a HOLD a moment before, makes the hub ask again rather than
 * act over it unseen. Clients from before it leave `after` out.
 */

/** The refusal when a decision was recorded after the one the sender's screen showed, or null. */
export function decidedMeanwhile(state: CutoverState, after: string | null | undefined): string | null {
  const last = state.decisions.at(-1);
  if (after === undefined || (last?.id ?? null) === after) return null;
  if (!last) return 'The decisions have changed since your screen showed them: look again, then decide';
  return `${last.by.name} has just recorded ${last.decision.toUpperCase()}: “${last.rationale}”. Your screen did not show it when you decided: look again, then decide`;
}

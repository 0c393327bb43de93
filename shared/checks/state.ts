import type { CutoverState } from '../cutover/state';
import type { CheckState } from './schema';
import { MIN, SECOND } from '../time';

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

/** An unchanged result is recorded at most this often: a 12-hour night of checks stays small. */
export const UNCHANGED_EVERY_MS = MIN;

/**
 * How long a passing result vouches for a step. While its step runs the hub reads the check
 * every interval and records an unchanged result once a minute, so the last one recorded is
 * at most a minute and a run (its interval, its timeout) old; twice the run, for slack. A
 * result older than that is one nobody has read since: a pass taken hours before, when the
 * endpoint still answered 200, would put "verified" on the record of a step done now.
 */
export const freshForMs = (c: CheckState): number => UNCHANGED_EVERY_MS + 2 * (c.config.intervalSec + c.config.timeoutSec) * SECOND;

/** Passing, and read recently enough to vouch for a step completed `now` (freshForMs). */
export const passesNow = (c: CheckState | undefined, now: number): boolean => c?.last?.pass === true && now - c.last.at <= freshForMs(c);

/** A pass too old to vouch for a step now: the check has to be read again. */
export const staleNow = (c: CheckState, now: number): boolean => passing(c) && !passesNow(c, now);

/** What a check's last result says: its error or its summary, or "not run yet". */
export const lastWords = (c: CheckState | undefined): string => (c?.last ? (c.last.error ?? c.last.summary) : 'not run yet');

/** "orders row counts (999 vs 1,000: differ by 1)" or "(not run yet)": a check as a refusal names it. */
export function checkWords(c: CheckState): string {
  const why = lastWords(c);
  return `“${c.config.name}” (${why})`;
}

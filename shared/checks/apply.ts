import type { EventTable } from '../core/tables';
import type { EventOf } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { CheckState } from './schema';
import { checkOrderOf, checksOf } from './state';

/* How the checks' events fold into the state: facts only, no checks of their own. */

function applyDefined(state: CutoverState, e: EventOf<'check.defined'>): CutoverState {
  const { check } = e.payload;
  const known = checksOf(state)[check.id];
  // A redefined check keeps its results only if it still reads the same thing.
  const same = known && JSON.stringify(known.config.spec) === JSON.stringify(check.spec);
  const next: CheckState = same ? { ...known, config: check } : { config: check, last: null, since: null, firstPassedAt: null };
  return {
    ...state,
    checks: { ...checksOf(state), [check.id]: next },
    checkOrder: known ? checkOrderOf(state) : [...checkOrderOf(state), check.id],
  };
}

function applyRemoved(state: CutoverState, e: EventOf<'check.removed'>): CutoverState {
  const { [e.payload.checkId]: _gone, ...checks } = checksOf(state);
  return { ...state, checks, checkOrder: checkOrderOf(state).filter((id) => id !== e.payload.checkId) };
}

function applyEvaluated(state: CutoverState, e: EventOf<'check.evaluated'>): CutoverState {
  const { checkId, ...result } = e.payload;
  const check = checksOf(state)[checkId];
  if (!check) return state;
  const changed = check.last === null || check.last.pass !== result.pass;
  const next: CheckState = {
    ...check,
    last: { ...result, at: e.ts },
    since: changed ? e.ts : check.since,
    firstPassedAt: check.firstPassedAt ?? (result.pass ? e.ts : null),
  };
  return { ...state, checks: { ...checksOf(state), [checkId]: next } };
}

export const checkEvents = {
  'check.defined': applyDefined,
  'check.removed': applyRemoved,
  // A request changes nothing in the state: the hub's scheduler acts on it.
  'check.requested': (state) => state,
  'check.evaluated': applyEvaluated,
} satisfies EventTable;

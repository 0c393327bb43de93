import { useMemo } from 'react';
import type { CutoverState } from '@shared/cutover';
import { projectSchedule, type Projection } from '@shared/schedule';

/*
 * The schedule projected once per change of the night and tick of the clock, however many
 * parts of the screen show it: the runbook, the banners, the notifications and the header
 * each used to project all 200 steps again for the same event. Keyed on the state that
 * useStateFor(NIGHT_FIELDS) hands out (the same object for every reader until one of the
 * fields projectSchedule reads changes) and on `now` (readers of one period of the shared
 * clock in lib/useNow.ts get the same value).
 */
const byState = new WeakMap<CutoverState, Map<number, Projection>>();
/** A few moments per state: the header's second, the runbook's quarter minute, a replay's. */
const KEPT_PER_STATE = 4;

/** projectSchedule(state, now), computed once for a state (as useStateFor(NIGHT_FIELDS) gives it) and moment. */
export function scheduleAt(night: CutoverState, now: number): Projection {
  let at = byState.get(night);
  if (!at) {
    at = new Map();
    byState.set(night, at);
  }
  let p = at.get(now);
  if (!p) {
    p = projectSchedule(night, now);
    if (at.size >= KEPT_PER_STATE) at.delete(at.keys().next().value!);
    at.set(now, p);
  }
  return p;
}

/**
 * The projected schedule of `night` (as useStateForLater(NIGHT_FIELDS) or a wider list gives
 * it) at `now` (from useHubNow or useShownNow), shared with every other reader.
 */
export function useScheduleOf(night: CutoverState, now: number): Projection {
  return useMemo(() => scheduleAt(night, now), [night, now]);
}

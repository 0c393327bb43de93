import type { CutoverState, StepState } from '../cutover/state';
import { ROLLBACK_PHASE_ID } from '../polls/rollbackPlan';
import { MIN } from '../time';

export type StepTiming = {
  plannedStart: number;
  plannedEnd: number;
  projectedStart: number;
  projectedEnd: number;
  /** Projected end against planned end, in minutes; positive is late. */
  slipMin: number;
};

export type PhaseTiming = { plannedEnd: number; projectedEnd: number; slipMin: number };

/** The point of no return: a flagged step (when it is projected to start), or a time. */
export type PointOfNoReturn = {
  stepId: string | null;
  /** When it is projected to be crossed: the step's projected start, or the time set. */
  at: number;
  minutesLeft: number;
  passed: boolean;
  /** The step is ready: everything it waits on is done, so the next move crosses it. */
  next: boolean;
};

export type Projection = {
  /** Actual over planned duration of the work measured so far; 1 when nothing is measured. */
  pace: number;
  steps: Record<string, StepTiming>;
  phases: Record<string, PhaseTiming>;
  plannedEnd: number;
  projectedEnd: number;
  /** How late the night is projected to finish, in minutes (negative: early). */
  slipMin: number;
  /** How far past the maintenance window's end it is projected to run, in minutes. */
  pastWindowMin: number;
  pointOfNoReturn: PointOfNoReturn | null;
};

/** The pace is bounded so one freak step does not project the night into next week. */
export const PACE_BOUNDS = { min: 0.8, max: 3 } as const;

/**
 * Running ahead is believed only slowly: a five-minute step ticked off in seconds must not
 * promise an early finish. A pace below 1 is blended with this many planned minutes at
 * pace 1. Running late is taken as measured, so the warning comes early.
 */
export const AHEAD_PRIOR_MIN = 30;

/**
 * Ended and behind us. A failed step is not, while the night runs: what waits on it cannot
 * start, and its work is still to be done again (or the night rolled back). Counted as
 * finished it made the night look on time, even ahead, with the way forward stopped. It is
 * projected as a blocked step is, from now; once the night has ended, its times stand.
 */
const finished = (s: StepState, running: boolean) => s.status === 'done' || s.status === 'skipped' || (s.status === 'failed' && !running);

/**
 * The steps the night's end is projected from while a rollback is under way: the way back's
 * (the rollback phase), not the forward plan's, whose steps will never run now; null when
 * no rollback is under way, and every step counts. Counting the abandoned plan, the night
 * (and the customers' banner) was projected to end when the plan would have, "on time".
 */
function wayBack(state: CutoverState): ReadonlySet<string> | null {
  if (!state.rollback || state.status !== 'in_progress') return null;
  return new Set(state.phases.find((p) => p.id === ROLLBACK_PHASE_ID)?.stepIds ?? []);
}

/**
 * Measures how the night is going so far: actual over planned minutes of the finished
 * steps, plus in-progress steps that have already overrun (they are evidence too). Rolling
 * back, a forward step left under way is abandoned, not overrunning: it is no evidence. Nor
 * is a gate: its time is the wait for a decision (a HOLD of 15 minutes), which is lost once,
 * not a pace the crew works at; counted, a HOLD stretched every step still to come, and the
 * night read 37 minutes late where it was 15, as the approver weighed a rollback.
 */
export function measurePace(state: CutoverState, now: number): number {
  const counted = wayBack(state);
  let actual = 0;
  let planned = 0;
  for (const s of Object.values(state.steps)) {
    if (s.plannedDurationMin <= 0 || s.startedAt === null || s.kind === 'gate') continue;
    if (counted && s.status === 'in_progress' && !counted.has(s.id)) continue;
    const plannedMs = s.plannedDurationMin * MIN;
    // A step ticked off without being started was not timed: it is no evidence of pace.
    if (s.status === 'done' && s.endedAt !== null && s.endedAt > s.startedAt) {
      actual += s.endedAt - s.startedAt;
      planned += plannedMs;
    } else if (s.status === 'in_progress' && now - s.startedAt > plannedMs) {
      actual += now - s.startedAt;
      planned += plannedMs;
    }
  }
  if (planned === 0) return 1;
  const prior = AHEAD_PRIOR_MIN * MIN;
  const pace = actual >= planned ? actual / planned : (actual + prior) / (planned + prior);
  return Math.min(PACE_BOUNDS.max, Math.max(PACE_BOUNDS.min, pace));
}

/** Steps in an order where every dependency comes before its dependents. */
export function topologicalSteps(state: CutoverState): StepState[] {
  const order: StepState[] = [];
  const seen = new Set<string>();
  const visit = (s: StepState) => {
    if (seen.has(s.id)) return;
    seen.add(s.id); // marked before the walk, so a cycle (refused by decide anyway) cannot loop
    for (const d of s.dependsOn) {
      const dep = state.steps[d];
      if (dep) visit(dep);
    }
    order.push(s);
  };
  for (const p of state.phases)
    for (const id of p.stepIds) {
      const s = state.steps[id];
      if (s) visit(s);
    }
  return order;
}

/**
 * Projects every step, phase and the whole night from the plan, what has happened and the
 * pace so far: remaining work starts no earlier than planned, than its dependencies end,
 * or than now, and takes its planned time scaled by the pace. While rolling back, the
 * night's end and slip are the way back's (its plan is timed from the ROLLBACK). Once the
 * night has ended, everything is as of its end: the projected end is when it ended and the
 * slip how late that was against the plan, however long after it the screen is open.
 */
export function projectSchedule(state: CutoverState, at: number): Projection {
  // An ended night's clock stopped at its end: steps it never ran are not late by the hour.
  const now = state.endedAt !== null ? Math.min(at, state.endedAt) : at;
  const base = state.info?.window.start ?? now;
  const windowEnd = state.info?.window.end ?? now;
  const pace = measurePace(state, now);
  const running = state.status === 'in_progress';
  const counted = wayBack(state);
  const steps: Record<string, StepTiming> = {};
  // Every screen projects all the steps again at each event and each tick of its clock: the
  // loops below make only the timings they return (no arrays to take a maximum of), which was
  // a third of what a window allocated while steps changed (bench:ui --heap-toggles).
  const order = topologicalSteps(state);
  // Rolling back, the way back starts at the ROLLBACK: with nothing to undo, that is its end.
  let plannedEnd = counted ? state.rollback!.startedAt : -Infinity;
  let projectedEnd = plannedEnd;

  for (const s of order) {
    const plannedStart = base + s.plannedOffsetMin * MIN;
    const stepPlannedEnd = plannedStart + s.plannedDurationMin * MIN;
    const scaled = s.plannedDurationMin * MIN * pace;
    let projectedStart: number;
    let stepProjectedEnd: number;
    if (finished(s, running)) {
      stepProjectedEnd = s.endedAt ?? now;
      projectedStart = s.startedAt ?? stepProjectedEnd;
    } else if (s.status === 'in_progress' && s.startedAt !== null) {
      projectedStart = s.startedAt;
      stepProjectedEnd = Math.max(now, s.startedAt + scaled);
    } else {
      let depsEnd = 0;
      for (const d of s.dependsOn) depsEnd = Math.max(depsEnd, steps[d]?.projectedEnd ?? 0);
      // During the night a step that follows others starts when they are done, early or
      // late: the plan's clock binds only steps that wait for nothing but the time. Before
      // T0 nothing can start earlier than now either: a late start is a slip.
      const notBefore = running && s.dependsOn.length > 0 ? 0 : plannedStart;
      projectedStart = Math.max(notBefore, depsEnd, running || now > base ? now : 0);
      stepProjectedEnd = projectedStart + scaled;
    }
    steps[s.id] = {
      plannedStart,
      plannedEnd: stepPlannedEnd,
      projectedStart,
      projectedEnd: stepProjectedEnd,
      slipMin: (stepProjectedEnd - stepPlannedEnd) / MIN,
    };
    if (counted && !counted.has(s.id)) continue;
    plannedEnd = Math.max(plannedEnd, stepPlannedEnd);
    projectedEnd = Math.max(projectedEnd, stepProjectedEnd);
  }

  const phases: Record<string, PhaseTiming> = {};
  for (const p of state.phases) {
    // Rolling back, a forward phase left unfinished will never end: its slip would grow by a
    // minute every minute beside the way back. It has no timing then; a finished one keeps its own.
    if (counted && p.stepIds.some((id) => !counted.has(id) && state.steps[id] && !finished(state.steps[id], running))) continue;
    let phasePlannedEnd = base;
    let phaseProjectedEnd = base;
    for (const id of p.stepIds) {
      const t = steps[id];
      if (!t) continue;
      phasePlannedEnd = Math.max(phasePlannedEnd, t.plannedEnd);
      phaseProjectedEnd = Math.max(phaseProjectedEnd, t.projectedEnd);
    }
    phases[p.id] = { plannedEnd: phasePlannedEnd, projectedEnd: phaseProjectedEnd, slipMin: (phaseProjectedEnd - phasePlannedEnd) / MIN };
  }

  if (order.length === 0 && !counted) {
    plannedEnd = windowEnd;
    projectedEnd = Math.max(windowEnd, now);
  }
  if (state.endedAt !== null) projectedEnd = state.endedAt;

  return {
    pace,
    steps,
    phases,
    plannedEnd,
    projectedEnd,
    slipMin: (projectedEnd - plannedEnd) / MIN,
    pastWindowMin: Math.max(0, (projectedEnd - windowEnd) / MIN),
    // Rolling back, there is no point of no return ahead: the night is on its way back, and a
    // countdown to it (a notification "in 5 minutes, with no GO") would ask for a GO on a plan left behind.
    pointOfNoReturn: counted ? null : pointOfNoReturn(state, order, steps, now),
  };
}

/** `order`: the steps as projectSchedule walked them (topologicalSteps), so the first flagged one binds. */
function pointOfNoReturn(state: CutoverState, order: readonly StepState[], steps: Record<string, StepTiming>, now: number): PointOfNoReturn | null {
  const ponr = order.find((s) => s.pointOfNoReturn);
  const timing = ponr ? steps[ponr.id] : undefined;
  const byStep: PointOfNoReturn | null =
    ponr && timing
      ? {
          stepId: ponr.id,
          at: timing.projectedStart,
          minutesLeft: (timing.projectedStart - now) / MIN,
          passed: ponr.startedAt !== null || ponr.status === 'done' || ponr.status === 'skipped',
          next:
            ponr.status === 'pending' &&
            state.status === 'in_progress' &&
            ponr.dependsOn.every((d) => {
              const dep = state.steps[d];
              return !dep || dep.status === 'done' || dep.status === 'skipped';
            }),
        }
      : null;
  const at = state.info?.pointOfNoReturnAt ?? null;
  const byTime: PointOfNoReturn | null = at !== null ? { stepId: null, at, minutesLeft: (at - now) / MIN, passed: now >= at, next: false } : null;
  // With both, whichever comes first binds: after it there is no way back.
  if (byStep && byTime) return byTime.at < byStep.at ? byTime : byStep;
  return byStep ?? byTime;
}

import type { CutoverEvent } from '../cutover/events';
import type { StepStatus } from '../cutover/schema';
import { orderedSteps } from '../cutover/selectors';
import type { CutoverState, StepState } from '../cutover/state';
import { ROLLBACK_PHASE_ID } from '../polls/rollbackPlan';
import { firstStartOf } from '../steps/time';
import { MIN } from '../time';

/** One step, planned against what happened. Times are ms since the epoch; minutes may be fractional. */
export type StepComparison = {
  stepId: string;
  phaseId: string;
  title: string;
  owner: string;
  status: StepStatus;
  plannedStart: number;
  plannedEnd: number;
  /** When it was first started: a step that failed, was reopened and redone began then, not at the retry. */
  actualStart: number | null;
  /** When the step was done, failed or skipped; null while it is not finished. */
  actualEnd: number | null;
  plannedMin: number;
  /** How long it took, first start to final end: done or failed steps only (a skipped step did no work). */
  actualMin: number | null;
  /** Actual end against planned end, in minutes; positive is late. Done or failed steps only. */
  slipMin: number | null;
  /** Actual duration minus planned duration, in minutes; positive took longer. */
  overrunMin: number | null;
  /** On the chain of dependencies that set the end of the night. */
  critical: boolean;
};

export type PhaseComparison = {
  phaseId: string;
  title: string;
  plannedStart: number;
  plannedEnd: number;
  actualStart: number | null;
  /** When its last done or failed step ended, once every step of it has finished: a skip did no work. */
  actualEnd: number | null;
  slipMin: number | null;
  /** Every step of it was skipped: it has no actual end, and did not finish on time. */
  skipped: boolean;
};

/** A step added once the night had started: work nobody planned, not part of the plan it is measured against. */
export type UnplannedStep = { stepId: string; title: string; at: number; by: string };

/** An outage the customers saw ("event processing"), planned against measured. */
export type OutageComparison = {
  name: string;
  /** The length the customers were told (`outagePlannedMin` on the step that begins it), or null: none was planned. */
  plannedMin: number | null;
  /** First start of the beginning step to the actual end of the ending step (or of the rollback step that undid it). */
  actualMin: number | null;
  start: number | null;
  end: number | null;
  /** The steps that begin and end it (the same step when only one names it). */
  startStepId: string;
  endStepId: string;
  /** The rollback step whose end ended it, when the way back did (null otherwise). */
  endedByRollbackStepId: string | null;
};

export type PlannedVsActual = {
  steps: StepComparison[];
  phases: PhaseComparison[];
  /** Step ids, first to last: the chain that determined the actual end. */
  criticalPath: string[];
  outages: OutageComparison[];
  /** Steps added after the start, in runbook order (only when the events were given). */
  unplanned: UnplannedStep[];
};

const finished = (s: StepState) => s.status === 'done' || s.status === 'skipped' || s.status === 'failed';
const worked = (s: StepState) => s.status === 'done' || s.status === 'failed';

/**
 * The night with each step's plan as the night started with it: a step re-planned after the
 * start (StepState.baseline) back at its first time and length. What "planned" means in the
 * postmortem; the live projection goes by the plan as it now stands.
 */
export function asPlanned(state: CutoverState): CutoverState {
  if (!Object.values(state.steps).some((s) => s.baseline)) return state;
  const steps = Object.fromEntries(Object.entries(state.steps).map(([id, s]) => [id, s.baseline ? { ...s, ...s.baseline } : s]));
  return { ...state, steps };
}

/** The runbook phases of a night, without the way back a rollback added. */
export function runbookPhases(state: CutoverState) {
  return state.phases.filter((p) => !(state.rollback && p.id === ROLLBACK_PHASE_ID));
}

/**
 * The steps still in the runbook that were added once the night had started (their last
 * `step.added` came after the start): nobody planned them when the night began.
 */
export function addedMidNight(state: CutoverState, events: readonly CutoverEvent[]): UnplannedStep[] {
  if (state.startedAt === null) return [];
  const start = events.find((e) => e.type === 'cutover.statusChanged' && e.payload.to === 'in_progress');
  const after = (e: CutoverEvent) => (start ? e.seq > start.seq : e.ts > state.startedAt!);
  const added = new Map<string, CutoverEvent>();
  for (const e of events) {
    if (e.type !== 'step.added') continue;
    if (after(e)) added.set(e.payload.step.id, e);
    else added.delete(e.payload.step.id);
  }
  return orderedSteps(state).flatMap((s) => {
    const e = added.get(s.id);
    return e ? [{ stepId: s.id, title: s.title, at: e.ts, by: e.actor.name }] : [];
  });
}

/**
 * The night as it was planned when it started: each step at its first plan (asPlanned), and
 * neither the way back a ROLLBACK added (timed from the ROLLBACK) nor steps added mid-night.
 * What the planned end and the on-time counts are measured over.
 */
export function asStarted(night: CutoverState, events: readonly CutoverEvent[]): CutoverState {
  const state = asPlanned(night);
  const added = new Set(addedMidNight(night, events).map((s) => s.stepId));
  const phases = runbookPhases(state).map((p) => ({ ...p, stepIds: p.stepIds.filter((id) => !added.has(id)) }));
  const kept = new Set(phases.flatMap((p) => p.stepIds));
  const steps = Object.fromEntries(Object.entries(state.steps).filter(([id]) => kept.has(id)));
  return { ...state, phases, steps, rollback: null };
}

/**
 * The recorded night against its plan: every step's planned and actual times, each phase,
 * the critical path and the outage windows. Pure: everything comes from the state, and from
 * the events when given (which steps were added mid-night: a phase's planned end leaves them out).
 */
export function plannedVsActual(night: CutoverState, events: readonly CutoverEvent[] = []): PlannedVsActual {
  // The plan the night started with: a re-plan mid-night is not the plan it is measured against.
  const state = asPlanned(night);
  const plan = asStarted(night, events);
  const unplanned = addedMidNight(night, events);
  const base = state.info?.window.start ?? state.startedAt ?? 0;
  const ordered = orderedSteps(state);
  const criticalPath = findCriticalPath(state, ordered);
  const critical = new Set(criticalPath);

  const steps: StepComparison[] = ordered.map((s) => {
    const plannedStart = base + s.plannedOffsetMin * MIN;
    const plannedEnd = plannedStart + s.plannedDurationMin * MIN;
    const actualStart = firstStartOf(s);
    const actualEnd = finished(s) ? s.endedAt : null;
    const actualMin = worked(s) && actualStart !== null && s.endedAt !== null ? (s.endedAt - actualStart) / MIN : null;
    return {
      stepId: s.id,
      phaseId: s.phaseId,
      title: s.title,
      owner: s.owner,
      status: s.status,
      plannedStart,
      plannedEnd,
      actualStart,
      actualEnd,
      plannedMin: s.plannedDurationMin,
      actualMin,
      slipMin: worked(s) && actualEnd !== null ? (actualEnd - plannedEnd) / MIN : null,
      overrunMin: actualMin === null ? null : actualMin - s.plannedDurationMin,
      critical: critical.has(s.id),
    };
  });

  const byId = new Map(steps.map((s) => [s.stepId, s]));
  const phases: PhaseComparison[] = state.phases.map((p) => {
    const mine = p.stepIds.map((id) => byId.get(id)).filter((s): s is StepComparison => s !== undefined);
    // Planned from the steps it started the night with; one made only of added steps (or the way back) by its own.
    const inPlan = mine.filter((s) => plan.steps[s.stepId] !== undefined);
    const planned = inPlan.length ? inPlan : mine;
    const plannedStart = planned.length ? Math.min(...planned.map((s) => s.plannedStart)) : base;
    const plannedEnd = planned.length ? Math.max(...planned.map((s) => s.plannedEnd)) : base;
    const starts = mine.flatMap((s) => (s.actualStart === null ? [] : [s.actualStart]));
    const allFinished = mine.length > 0 && mine.every((s) => s.actualEnd !== null);
    // A skip ends no work: the phase ended when its last worked step did.
    const ends = mine.flatMap((s) => ((s.status === 'done' || s.status === 'failed') && s.actualEnd !== null ? [s.actualEnd] : []));
    const actualEnd = allFinished && ends.length ? Math.max(...ends) : null;
    return {
      phaseId: p.id,
      title: p.title,
      plannedStart,
      plannedEnd,
      actualStart: starts.length ? Math.min(...starts) : null,
      actualEnd,
      slipMin: actualEnd === null ? null : (actualEnd - plannedEnd) / MIN,
      skipped: mine.length > 0 && mine.every((s) => s.status === 'skipped'),
    };
  });

  return { steps, phases, criticalPath, outages: outages(state, ordered, byId), unplanned };
}

/**
 * Walks back from the step that finished last, each time through the dependency that
 * finished last: the chain that held the end of the night where it was. Ties go to the
 * step earlier in the runbook.
 */
function findCriticalPath(state: CutoverState, ordered: readonly StepState[]): string[] {
  const endOf = (s: StepState | undefined) => (s && finished(s) ? s.endedAt : null);
  let last: StepState | undefined;
  for (const s of ordered) {
    const end = endOf(s);
    // The last step to finish its work; a skip at the end of the night set nothing.
    if (worked(s) && end !== null && (last === undefined || end > (last.endedAt ?? 0))) last = s;
  }
  const path: string[] = [];
  const seen = new Set<string>();
  let at = last;
  while (at && !seen.has(at.id)) {
    seen.add(at.id);
    path.push(at.id);
    let next: StepState | undefined;
    for (const d of at.dependsOn) {
      const dep = state.steps[d];
      const end = endOf(dep);
      if (dep && end !== null && (next === undefined || end > (next.endedAt ?? 0))) next = dep;
    }
    at = next;
  }
  return path.reverse();
}

/**
 * The done rollback step that undid `step` (rollbackPlan.ts names it `rb-<id>` after the
 * newest step it undoes, with a number after it where the night has a step of that id, and
 * quotes every step it undoes in its description).
 */
function undoneBy(state: CutoverState, step: StepState): StepState | null {
  if (!state.rollback) return null;
  const phase = state.phases.find((p) => p.id === ROLLBACK_PHASE_ID);
  for (const id of phase?.stepIds ?? []) {
    const s = state.steps[id];
    if (s?.status === 'done' && s.endedAt !== null && (s.id === `rb-${step.id}` || s.description.includes(`“${step.title}”`))) return s;
  }
  return null;
}

const outageKey = (name: string) => name.trim().toLowerCase();

/** Every outage named in the plan, in the order its first mention appears. */
function outages(state: CutoverState, ordered: readonly StepState[], byId: ReadonlyMap<string, StepComparison>): OutageComparison[] {
  const found = new Map<string, { name: string; start?: StepState; end?: StepState }>();
  const entry = (name: string) => {
    const key = outageKey(name);
    let e = found.get(key);
    if (!e) found.set(key, (e = { name: name.trim() }));
    return e;
  };
  for (const s of ordered) {
    if (s.outageStart) {
      const e = entry(s.outageStart);
      if (!e.start) {
        e.start = s;
        e.name = s.outageStart.trim(); // the beginning step's spelling names it
      }
    }
    if (s.outageEnd) {
      const e = entry(s.outageEnd);
      e.end ??= s;
    }
  }
  return [...found.values()].flatMap(({ name, start, end }) => {
    // A plan that names only one end of an outage gets that one step as its window.
    const first = start ?? end;
    const last = end ?? start;
    if (!first || !last) return [];
    const a = byId.get(first.id);
    const b = byId.get(last.id);
    if (!a || !b) return [];
    // Processing stopped when the beginning step was first started, even when it failed and was redone.
    const actualStart = firstStartOf(first);
    // The outage is over only when the step that ends it is done: a failed restart ends nothing.
    // Or when the way back undid the step that began it ("restart the consumers"): rolled back
    // is still restarted, and the customers' wait ended there.
    const undo = last.status === 'done' ? null : undoneBy(state, first);
    const actualEnd = last.status === 'done' ? last.endedAt : (undo?.endedAt ?? null);
    return [
      {
        name,
        plannedMin: first.outagePlannedMin ?? last.outagePlannedMin ?? null,
        actualMin: actualStart !== null && actualEnd !== null ? (actualEnd - actualStart) / MIN : null,
        start: actualStart,
        end: actualEnd,
        startStepId: first.id,
        endStepId: last.id,
        endedByRollbackStepId: undo && actualEnd !== null ? undo.id : null,
      },
    ];
  });
}

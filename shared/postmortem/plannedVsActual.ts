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
  /** When its last step finished, once every step of it has. */
  actualEnd: number | null;
  slipMin: number | null;
};

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

/**
 * The recorded night against its plan: every step's planned and actual times, each phase,
 * the critical path and the outage windows. Pure: everything comes from the state.
 */
export function plannedVsActual(night: CutoverState): PlannedVsActual {
  // The plan the night started with: a re-plan mid-night is not the plan it is measured against.
  const state = asPlanned(night);
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
    const plannedStart = mine.length ? Math.min(...mine.map((s) => s.plannedStart)) : base;
    const plannedEnd = mine.length ? Math.max(...mine.map((s) => s.plannedEnd)) : base;
    const starts = mine.flatMap((s) => (s.actualStart === null ? [] : [s.actualStart]));
    const allFinished = mine.length > 0 && mine.every((s) => s.actualEnd !== null);
    const actualEnd = allFinished ? Math.max(...mine.map((s) => s.actualEnd ?? 0)) : null;
    return {
      phaseId: p.id,
      title: p.title,
      plannedStart,
      plannedEnd,
      actualStart: starts.length ? Math.min(...starts) : null,
      actualEnd,
      slipMin: actualEnd === null ? null : (actualEnd - plannedEnd) / MIN,
    };
  });

  return { steps, phases, criticalPath, outages: outages(state, ordered, byId) };
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

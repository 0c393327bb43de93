import { appended, isMadeHere, patched } from '../core/bulkFold';
import type { EventTable } from '../core/tables';
import type { EventOf } from '../cutover/events';
import type { RunbookPlan, StepPlan } from '../cutover/schema';
import type { CutoverState, PhaseState, StepState } from '../cutover/state';
import { firstStartOf } from './time';

/* How the runbook's and the steps' events fold into the state: facts only, no checks. */

/** A planned step as the night first holds it: pending, untouched. */
export const freshStep = (plan: StepPlan, phaseId: string): StepState => ({
  ...plan,
  phaseId,
  status: 'pending',
  startedAt: null,
  firstStartedAt: null,
  endedAt: null,
  startedBy: null,
  endedBy: null,
  forcedReason: null,
  statusReason: null,
  notes: [],
});

export function loadRunbook(runbook: RunbookPlan): Pick<CutoverState, 'phases' | 'steps'> {
  const steps: Record<string, StepState> = {};
  const phases: PhaseState[] = runbook.phases.map((p) => {
    for (const s of p.steps) steps[s.id] = freshStep(s, p.id);
    return { id: p.id, title: p.title, stepIds: p.steps.map((s) => s.id) };
  });
  return { phases, steps };
}

// Copies the state, the steps and the step, except in a whole journal's fold, where each is
// copied once and then written in place (core/bulkFold.ts).
function patchStep(state: CutoverState, stepId: string, patch: Partial<StepState>): CutoverState {
  const step = state.steps[stepId];
  if (!step) return state;
  const next = patched(step, patch);
  // Written in place, in a record that is in place itself: the state holds it already.
  if (next === step && isMadeHere(state.steps) && isMadeHere(state)) return state;
  return patched(state, { steps: patched(state.steps, { [stepId]: next }) });
}

// Not a copy per note when a whole journal is folded (core/bulkFold.ts).
const withNote = (step: StepState, id: string, at: number, by: string, text: string): Pick<StepState, 'notes'> => ({
  notes: appended(step.notes, { id, at, by, text }),
});

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function applyAdded(state: CutoverState, e: EventOf<'step.added'>): CutoverState {
  const { phaseId, step, index } = e.payload;
  const phases = state.phases.map((p) => {
    if (p.id !== phaseId) return p;
    const stepIds = [...p.stepIds];
    stepIds.splice(index, 0, step.id);
    return { ...p, stepIds };
  });
  return { ...state, phases, steps: { ...state.steps, [step.id]: freshStep(step, phaseId) } };
}

function applyRemoved(state: CutoverState, e: EventOf<'step.removed'>): CutoverState {
  const { [e.payload.stepId]: _removed, ...steps } = state.steps;
  const phases = state.phases.map((p) => (p.stepIds.includes(e.payload.stepId) ? { ...p, stepIds: p.stepIds.filter((s) => s !== e.payload.stepId) } : p));
  return { ...state, phases, steps };
}

function applyMoved(state: CutoverState, e: EventOf<'step.moved'>): CutoverState {
  const { stepId, phaseId, index } = e.payload;
  const step = state.steps[stepId];
  if (!step || !state.phases.some((p) => p.id === phaseId)) return state;
  const phases = state.phases.map((p) => {
    const stepIds = p.stepIds.filter((s) => s !== stepId);
    if (p.id === phaseId) stepIds.splice(index, 0, stepId);
    return stepIds.length === p.stepIds.length && p.id !== phaseId ? p : { ...p, stepIds };
  });
  return { ...state, phases, steps: { ...state.steps, [stepId]: { ...step, phaseId } } };
}

function applyStarted(state: CutoverState, e: EventOf<'step.started'>): CutoverState {
  const step = state.steps[e.payload.stepId];
  if (!step) return state;
  // Resumed after a block, a step keeps its first start: when it (and the point of no return) was crossed, and how long it took.
  const resumed = step.status === 'blocked' && step.startedAt !== null;
  return patchStep(state, step.id, {
    status: 'in_progress',
    startedAt: resumed ? step.startedAt : e.ts,
    // Kept through a reopen: the postmortem times a step that failed and was redone from here.
    firstStartedAt: firstStartOf(step) ?? e.ts,
    startedBy: resumed ? step.startedBy : e.actor.name,
    endedAt: null,
    endedBy: null,
    forcedReason: e.payload.forcedReason ?? (resumed ? step.forcedReason : null),
    statusReason: null,
  });
}

function applyCompleted(state: CutoverState, e: EventOf<'step.completed'>): CutoverState {
  const by = e.actor.name;
  const step = state.steps[e.payload.stepId];
  if (!step) return state;
  const patch: Partial<StepState> = {
    status: 'done',
    // A step ticked off without being started took no measurable time.
    startedAt: step.startedAt ?? e.ts,
    firstStartedAt: firstStartOf(step) ?? e.ts,
    startedBy: step.startedBy ?? by,
    endedAt: e.ts,
    endedBy: by,
  };
  if (e.payload.note) patch.notes = withNote(step, `${e.seq}`, e.ts, by, e.payload.note).notes;
  return patchStep(state, step.id, patch);
}

const applyEnded = (state: CutoverState, e: EventOf<'step.skipped'> | EventOf<'step.failed'>): CutoverState =>
  patchStep(state, e.payload.stepId, {
    status: e.type === 'step.skipped' ? 'skipped' : 'failed',
    endedAt: e.ts,
    endedBy: e.actor.name,
    statusReason: e.payload.reason,
  });

/**
 * The step starts afresh, but `firstStartedAt` stays: when its work (and any outage it began)
 * began. Unless the attempt reopened was only a tick (Done with no start, which measured no
 * work) and the first: ticked on the wrong row and reopened, it says nothing of when work began.
 */
function applyReopened(state: CutoverState, e: EventOf<'step.reopened'>): CutoverState {
  const step = state.steps[e.payload.stepId];
  if (!step) return state;
  const onlyTicked = step.status === 'done' && step.startedAt !== null && step.startedAt === step.endedAt && firstStartOf(step) === step.startedAt;
  return patchStep(state, step.id, {
    status: 'pending',
    startedAt: null,
    startedBy: null,
    endedAt: null,
    endedBy: null,
    forcedReason: null,
    statusReason: e.payload.reason,
    ...(onlyTicked ? { firstStartedAt: null } : {}),
  });
}

function applyNoted(state: CutoverState, e: EventOf<'step.noted'>): CutoverState {
  const step = state.steps[e.payload.stepId];
  if (!step) return state;
  return patchStep(state, step.id, withNote(step, e.payload.noteId, e.ts, e.actor.name, e.payload.text));
}

/**
 * An edit. One that moves a step's time or length after the night has started is a re-plan:
 * the plan the night started with is kept beside it (the first time), so the postmortem does
 * not read a 30-minute step stretched to 60 at minute 50 as done to plan.
 */
function applyEdited(state: CutoverState, e: EventOf<'step.edited'>): CutoverState {
  const step = state.steps[e.payload.stepId];
  if (!step) return state;
  const changes = stripUndefined(e.payload.changes);
  const moved =
    (changes.plannedOffsetMin !== undefined && changes.plannedOffsetMin !== step.plannedOffsetMin) ||
    (changes.plannedDurationMin !== undefined && changes.plannedDurationMin !== step.plannedDurationMin);
  const replanned = state.startedAt !== null && moved && !step.baseline;
  return patchStep(
    state,
    step.id,
    replanned ? { ...changes, baseline: { plannedOffsetMin: step.plannedOffsetMin, plannedDurationMin: step.plannedDurationMin } } : changes,
  );
}

function applyOverridden(state: CutoverState, e: EventOf<'ponr.overridden'>): CutoverState {
  const { overrideId, stepId, reason } = e.payload;
  return { ...state, overrides: [...state.overrides, { id: overrideId, stepId, reason, by: e.actor, at: e.ts, decisionsBefore: state.decisions.length }] };
}

export const stepEvents = {
  'runbook.replaced': (state, e) => ({ ...state, ...loadRunbook(e.payload.runbook) }),
  'step.added': applyAdded,
  'step.edited': applyEdited,
  'step.removed': applyRemoved,
  'step.moved': applyMoved,
  'step.started': applyStarted,
  'step.completed': applyCompleted,
  'step.skipped': applyEnded,
  'step.failed': applyEnded,
  'step.blocked': (state, e) => patchStep(state, e.payload.stepId, { status: 'blocked', statusReason: e.payload.reason }),
  'step.reopened': applyReopened,
  'step.noted': applyNoted,
  'ponr.overridden': applyOverridden,
} satisfies EventTable;

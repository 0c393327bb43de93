import { evidenceOf, stepChecksRail } from '../checks/rails';
import { checksOfStep, passesNow } from '../checks/state';
import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import { capitalise, ROLE_WORDS, words } from '../core/words';
import type { CommandOf } from '../cutover/commands';
import {
  mayOverridePonr,
  mayWorkStep,
  PONR_CONFIRM_WORD,
  ponrAheadRefusal,
  ponrClearance,
  ponrClearedByEdit,
  ponrCrossed,
  ponrRemovalRefusal,
  rollingBack,
  uncrossedPonrBefore,
  unmetDependencies,
} from '../cutover/rails';
import { isEnded } from '../cutover/schema';
import type { CutoverState, StepState } from '../cutover/state';
import { runbookProblem, stepsProblem } from '../runbook/validate';
import { decidedMeanwhile } from '../polls/meanwhile';
import type { SeenStep } from './payloads';
import { whyNotRemovable } from './removal';

/*
 * The runbook and its steps: editing the plan before and during the night, working the
 * steps through it, and the rails at the point of no return.
 */

const editable = (state: CutoverState): boolean => state.status === 'draft' || state.status === 'scheduled';

function decideReplace(state: CutoverState, command: CommandOf<'runbook.replace'>): Decision {
  if (!editable(state)) return refuse('precondition', 'The runbook can be replaced only before the night starts');
  const problem = runbookProblem(command.payload.runbook);
  return problem ? refuse('precondition', problem) : accept({ type: 'runbook.replaced', payload: command.payload });
}

function decideAdd(state: CutoverState, command: CommandOf<'step.add'>): Decision {
  if (isEnded(state.status)) return refuse('precondition', 'The cutover has ended');
  const { phaseId, step, afterStepId } = command.payload;
  const phase = state.phases.find((p) => p.id === phaseId);
  if (!phase) return refuse('not_found', `There is no phase "${phaseId}"`);
  const problem = stepsProblem([...Object.values(state.steps), step]);
  if (problem) return refuse('precondition', problem);
  let index = phase.stepIds.length;
  if (afterStepId !== undefined) {
    const at = phase.stepIds.indexOf(afterStepId);
    if (at < 0) return refuse('not_found', `Step "${afterStepId}" is not in phase "${phase.title}"`);
    index = at + 1;
  }
  return accept({ type: 'step.added', payload: { phaseId, step, index } });
}

/**
 * What has ended is the record of the night: a done, skipped or failed step keeps the plan it
 * was worked to (reopening it first is itself on the timeline).
 */
function rewriteRefusal(state: CutoverState, step: StepState): Decision | null {
  if (isEnded(state.status)) return refuse('precondition', 'The cutover has ended');
  if (step.status === 'done' || step.status === 'skipped' || step.status === 'failed')
    return refuse('precondition', `“${step.title}” is ${words(step.status)}; a step that has ended cannot be rewritten (reopen it first)`);
  return null;
}

function decideEdit(state: CutoverState, command: CommandOf<'step.edit'>): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  const ended = rewriteRefusal(state, step);
  if (ended) return ended;
  const rail = ponrRemovalRefusal(state, step, command.payload.changes);
  if (rail) return refuse('precondition', rail);
  const edited = { ...step, ...command.payload.changes };
  const steps = { ...state.steps, [step.id]: edited };
  const problem = stepsProblem(Object.values(steps));
  if (problem) return refuse('precondition', problem);
  const cleared = ponrClearedByEdit(state, { ...state, steps });
  if (cleared) return refuse('precondition', cleared);
  return accept({ type: 'step.edited', payload: command.payload });
}

function decideRemove(state: CutoverState, command: CommandOf<'step.remove'>): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  const why = whyNotRemovable(state, step);
  if (why) return refuse('precondition', why);
  return accept({ type: 'step.removed', payload: { stepId: step.id, title: step.title } });
}

/** Reorders the runbook: a pending or blocked step goes first in a phase or after one of its steps. */
function decideMove(state: CutoverState, command: CommandOf<'step.move'>): Decision {
  const { stepId, phaseId, afterStepId } = command.payload;
  const step = state.steps[stepId];
  if (!step) return missingStep(stepId);
  const ended = rewriteRefusal(state, step);
  if (ended) return ended;
  if (step.status === 'in_progress') return refuse('precondition', `“${step.title}” is in progress; only a step not yet started can be moved`);
  const phase = state.phases.find((p) => p.id === phaseId);
  if (!phase) return refuse('not_found', `There is no phase "${phaseId}"`);
  if (afterStepId === stepId) return refuse('precondition', 'A step cannot be placed after itself');
  const rest = phase.stepIds.filter((id) => id !== stepId);
  let index = 0;
  if (afterStepId !== null) {
    const at = rest.indexOf(afterStepId);
    if (at < 0) return refuse('not_found', `Step "${afterStepId}" is not in phase "${phase.title}"`);
    index = at + 1;
  }
  if (step.phaseId === phaseId && phase.stepIds.indexOf(stepId) === index) return refuse('precondition', `“${step.title}” is already there`);
  return accept({ type: 'step.moved', payload: { stepId, phaseId, index } });
}

function decideStart(state: CutoverState, command: CommandOf<'step.start'>, ctx: DecideContext): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  if (state.status !== 'in_progress') return notRunning(state);
  const owner = ownerRail(state, step, ctx);
  if (owner) return owner;
  if (step.status !== 'pending' && step.status !== 'blocked') {
    return refuse('precondition', `“${step.title}” is already ${words(step.status)}`);
  }
  // A start resumes a blocked step: one pressed on the pending step (queued offline, or a
  // prompt left open) while someone blocked it would resume it over a block its sender never saw.
  const moved = movedOnRail(step, command.payload.seen);
  if (moved) return moved;
  const waiting = unmetDependencies(state, step);
  const force = command.payload.force;
  if (waiting.length > 0 && !force) {
    const list = waiting.map((w) => `“${w.title}” (${words(w.status)})`).join(', ');
    return refuse(
      'precondition',
      `“${step.title}” is waiting on ${list}. Finish ${waiting.length > 1 ? 'them' : 'it'} first, or force the start with a reason`,
    );
  }
  // Forcing bypasses dependencies, never the point of no return: neither its own, nor one further back.
  const ponr = ponrRail(state, step);
  if (ponr) return ponr;
  const ahead = waiting.length > 0 ? uncrossedPonrBefore(state, step) : null;
  if (ahead) return refuse('precondition', ponrAheadRefusal(step, ahead));
  // Resumed after a block, it was crossed already: only the first start crosses it.
  if (step.pointOfNoReturn && step.startedAt === null && !command.payload.cross) {
    return refuse('precondition', `Starting “${step.title}” crosses the point of no return: the start must say it means to (cross)`);
  }
  return accept({ type: 'step.started', payload: { stepId: step.id, ...(waiting.length > 0 && force ? { forcedReason: force } : {}) } });
}

function decideComplete(state: CutoverState, command: CommandOf<'step.complete'>, ctx: DecideContext): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  if (state.status !== 'in_progress') return notRunning(state);
  if (step.kind === 'gate') return refuse('precondition', `“${step.title}” is a gate: it completes when the approver records GO`);
  const owner = ownerRail(state, step, ctx);
  if (owner) return owner;
  if (step.status === 'pending') {
    // Ticking off a step that was never started is allowed when nothing blocks it.
    const waiting = unmetDependencies(state, step);
    if (waiting.length > 0) return refuse('precondition', `“${step.title}” is waiting on “${waiting[0]!.title}”`);
  } else if (step.status !== 'in_progress') {
    return refuse('precondition', `“${step.title}” is ${words(step.status)}, not in progress`);
  }
  // Where it could be done as it stands, but not as the sender saw it (another attempt, or started meanwhile).
  const moved = movedOnRail(step, command.payload.seen);
  if (moved) return moved;
  const ponr = ponrRail(state, step);
  if (ponr) return ponr;
  // The night must show when it went past the point of no return: that step is started, never only ticked off.
  if (step.pointOfNoReturn && step.status === 'pending') {
    return refuse('precondition', `“${step.title}” is the point of no return: start it first, so the night records when it was crossed`);
  }
  const unverified = stepChecksRail(state, step, command.payload.force, ctx.now);
  if (unverified) return unverified;
  const { force, seen: _seen, ...payload } = command.payload;
  const checks = checksOfStep(state, step.id);
  if (checks.length === 0) return accept({ type: 'step.completed', payload });
  // The completion carries the evidence as it stood, and the reason when it went over a failing check.
  const forced = force && !checks.every((c) => passesNow(c, ctx.now)) ? { forced: force } : {};
  return accept({ type: 'step.completed', payload: { ...payload, evidence: evidenceOf(checks, ctx.now), ...forced } });
}

type Settle = CommandOf<'step.skip'> | CommandOf<'step.fail'> | CommandOf<'step.block'>;
const ALLOWED_FROM: Record<Settle['type'], StepState['status'][]> = {
  'step.skip': ['pending', 'blocked'],
  'step.fail': ['in_progress', 'blocked'],
  'step.block': ['pending', 'in_progress'],
};
const PAST_TENSE = { 'step.skip': 'skipped', 'step.fail': 'failed', 'step.block': 'blocked' } as const;
const SETTLED_EVENT = { 'step.skip': 'step.skipped', 'step.fail': 'step.failed', 'step.block': 'step.blocked' } as const;

function decideSettle(state: CutoverState, command: Settle, ctx: DecideContext): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  if (state.status !== 'in_progress') return notRunning(state);
  if (command.type === 'step.skip' && step.kind === 'gate')
    return refuse('precondition', `“${step.title}” is a gate and cannot be skipped: the approver decides`);
  const owner = ownerRail(state, step, ctx);
  if (owner) return owner;
  if (!ALLOWED_FROM[command.type].includes(step.status)) {
    return refuse('precondition', `“${step.title}” is ${words(step.status)}; it cannot be ${PAST_TENSE[command.type]}`);
  }
  const moved = movedOnRail(step, command.payload.seen);
  if (moved) return moved;
  // Skipping the point of no return passes it as surely as doing it: cleared, and on purpose.
  const ponr = command.type === 'step.skip' ? ponrRail(state, step) : null;
  if (ponr) return ponr;
  if (command.type === 'step.skip' && step.pointOfNoReturn && !ponrCrossed(step) && !command.payload.cross)
    return refuse('precondition', `Skipping “${step.title}” crosses the point of no return: it cannot be reopened after. Confirm that you mean to cross it`);
  // What the screen showed and the crossing's confirmation are the command's; the event records the step and why.
  const { seen: _seen, cross: _cross, ...payload } = command.payload as typeof command.payload & { cross?: true };
  return accept({ type: SETTLED_EVENT[command.type], payload });
}

function decideReopen(state: CutoverState, command: CommandOf<'step.reopen'>): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  if (isEnded(state.status)) return refuse('precondition', 'The cutover has ended');
  if (step.status === 'pending') return refuse('precondition', `“${step.title}” is already pending`);
  // Reopened, it would read as not yet crossed, and could be "crossed" (or overridden) a second time.
  if (step.pointOfNoReturn && ponrCrossed(step))
    return refuse(
      'precondition',
      `“${step.title}” is the point of no return and the night has crossed it: it cannot be reopened. Add a step for what must be done again`,
    );
  // Reopening wipes the step's outcome: one asked on the failed step (queued offline, or the
  // reason typed slowly) while a colleague reopened and redid it would undo their Done unseen.
  const moved = movedOnRail(step, command.payload.seen);
  if (moved) return moved;
  const { seen: _seen, ...payload } = command.payload;
  return accept({ type: 'step.reopened', payload });
}

function decideOverride(state: CutoverState, command: CommandOf<'ponr.override'>, ctx: DecideContext): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  if (!mayOverridePonr(state, ctx.actor.role)) {
    return refuse('forbidden', 'Only an approver may cross the point of no return without a GO (the lead too, if the cutover was planned so)');
  }
  if (state.status !== 'in_progress') return notRunning(state);
  if (!step.pointOfNoReturn) return refuse('precondition', `“${step.title}” is not a point of no return`);
  if (ponrCrossed(step)) return refuse('precondition', `“${step.title}” has already been crossed`);
  if (rollingBack(state)) return refuse('precondition', `A ROLLBACK is under way: “${step.title}” is not crossed while the night goes back`);
  const clearance = ponrClearance(state, step);
  if (clearance.clear)
    return refuse(
      'precondition',
      clearance.by === 'go' ? `A GO already clears “${step.title}”: no override is needed` : `“${step.title}” may already be crossed`,
    );
  if (command.payload.confirm.toUpperCase() !== PONR_CONFIRM_WORD)
    return refuse('precondition', `Type ${PONR_CONFIRM_WORD} to confirm crossing the point of no return without a GO`);
  // Typed while another approver's HOLD came in (or queued offline meanwhile): the crossing
  // would stand on top of a decision its sender never saw.
  const meanwhile = decidedMeanwhile(state, command.payload.after);
  if (meanwhile) return refuse('precondition', meanwhile);
  return accept({ type: 'ponr.overridden', payload: { overrideId: ctx.newId(), stepId: step.id, reason: command.payload.reason } });
}

function decideNote(state: CutoverState, command: CommandOf<'step.note'>, ctx: DecideContext): Decision {
  const step = state.steps[command.payload.stepId];
  if (!step) return missingStep(command.payload.stepId);
  return accept({ type: 'step.noted', payload: { ...command.payload, noteId: ctx.newId() } });
}

/** A step is worked by its owner, an operator or the lead: anyone else is told whose it is. */
function ownerRail(state: CutoverState, step: StepState, ctx: DecideContext): Decision | null {
  if (mayWorkStep(ctx.actor, state.members[ctx.actor.id], step)) return null;
  const who = capitalise(ROLE_WORDS[ctx.actor.role] ?? ctx.actor.role);
  return refuse('forbidden', `${who} may work only the steps they own; “${step.title}” is ${step.owner ? `owned by ${step.owner}` : 'not owned by anyone'}`);
}

/**
 * The step has moved on since the sender's screen showed it (`seen`): another status, or
 * another attempt (failed, reopened and started again since). Dan's Done, pressed while his
 * link was down, landed on the retry Ana had started a minute before, and said it was done.
 */
function movedOnRail(step: StepState, seen: SeenStep | undefined): Decision | null {
  if (!seen || (seen.status === step.status && seen.startedAt === step.startedAt)) return null;
  const again = seen.status === step.status ? ' again' : '';
  const why = step.statusReason ? `: “${step.statusReason}”` : '';
  const now = step.status === 'in_progress' && step.startedBy ? `in progress${again}, started by ${step.startedBy}` : `${words(step.status)}${why}`;
  const was = seen.status === step.status ? `${words(seen.status)} (an earlier attempt)` : words(seen.status);
  return refuse('precondition', `“${step.title}” has changed since your screen showed it: it was ${was}, it is now ${now}. Look at it again, then act`);
}

/** A step not yet under way that is the point of no return is crossed only when cleared. */
function ponrRail(state: CutoverState, step: StepState): Decision | null {
  if (step.startedAt !== null) return null;
  const ponr = ponrClearance(state, step);
  return ponr.clear ? null : refuse('precondition', ponr.reason);
}

const missingStep = (id: string) => refuse('not_found', `There is no step "${id}"`);
const notRunning = (state: CutoverState) =>
  refuse('precondition', editable(state) ? 'The night has not started yet: the lead starts the cutover first' : `The cutover is ${words(state.status)}`);

export const stepCommands = {
  'runbook.replace': decideReplace,
  'step.add': decideAdd,
  'step.edit': decideEdit,
  'step.remove': decideRemove,
  'step.move': decideMove,
  'step.start': decideStart,
  'step.complete': decideComplete,
  'step.skip': decideSettle,
  'step.fail': decideSettle,
  'step.block': decideSettle,
  'step.reopen': decideReopen,
  'ponr.override': decideOverride,
  'step.note': decideNote,
} satisfies CommandTable;

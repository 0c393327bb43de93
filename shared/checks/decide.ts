import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import type { CommandOf } from '../cutover/commands';
import { isEnded } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { checkSecretNames, checkSources, type CheckConfig } from './schema';
import { selectOnlyProblem } from './sqlGuard';
import { guardedStepRefusal, movedOffRefusal, stepGuardedBy } from './rails';
import { checkOf, checkOrderOf, checkList } from './state';

const MAX_CHECKS = 50;

/** Checks may be set up before and during the night; after it they are part of the record. */
const ended = (state: CutoverState): Decision | null =>
  isEnded(state.status) ? refuse('precondition', 'The cutover has ended; its checks are part of the record now') : null;

/** Why a check cannot be defined as it stands, in a sentence, or null. */
export function checkProblem(state: CutoverState, check: CheckConfig): string | null {
  for (const source of checkSources(check.spec)) {
    if (source.kind !== 'postgres' && source.kind !== 'mysql') continue;
    const problem = selectOnlyProblem(source.query, source.kind);
    if (problem) return problem;
  }
  if (check.spec.kind === 'lag' && !state.series[check.spec.seriesId]) return `There is no lag series "${check.spec.seriesId}" to watch`;
  if (check.spec.kind === 'http' && check.spec.compare === null && check.spec.source.pointer !== '') {
    return 'A JSON path needs a value to compare it with (or leave the path empty to check the status only)';
  }
  if (check.step) {
    const step = state.steps[check.step.stepId];
    if (!step) return `There is no step "${check.step.stepId}"`;
    if (step.kind !== 'verification' && step.kind !== 'gate') return `“${step.title}” is a ${step.kind} step: checks verify verification steps and gates`;
    if (step.kind === 'gate' && check.step.completes === 'auto')
      return `“${step.title}” is a gate: it completes only through the approver’s GO, which weighs its checks; a check cannot complete it`;
  }
  return null;
}

function decideDefine(state: CutoverState, command: CommandOf<'check.define'>, ctx: DecideContext): Decision {
  const closed = ended(state);
  if (closed) return closed;
  const { check, adding } = command.payload;
  // A new check named as one already set up (two people, or one who forgot it) would replace
  // it unseen: its query, its threshold, and what a poll condition bound to it now reads.
  const taken = adding ? checkOf(state, check.id) : undefined;
  if (taken) return refuse('precondition', `A check named “${taken.config.name}” is already set up: give this one another name, or remove that one first`);
  // A check sends its secrets to wherever its URL points: naming one is the lead's call.
  if (ctx.actor.role !== 'lead' && checkSecretNames(check).length > 0) return refuse('forbidden', 'Only the lead may set up a check that uses a hub secret');
  if (!checkOf(state, check.id) && checkOrderOf(state).length >= MAX_CHECKS) return refuse('precondition', `A cutover has at most ${MAX_CHECKS} checks`);
  // Defined again off the step it guards, it would take the rail away as a removal does, but
  // with no reason and, for an operator, past the lead's say: it goes by check.remove.
  const existing = checkOf(state, check.id);
  const guarded = existing ? stepGuardedBy(state, existing) : null;
  if (existing && guarded && check.step?.stepId !== guarded.id) return refuse('precondition', movedOffRefusal(existing, guarded));
  // What a check reads, and whether it completes its step, is its rail: pointed elsewhere or
  // loosened while it guards a step or a poll's condition, it would vouch for something else
  // under the same name. Removing it is the lead's, with a reason; so is changing it.
  const poll = existing ? pollBoundTo(state, existing.config.id) : undefined;
  if (existing && (guarded || poll) && ctx.actor.role !== 'lead' && changesWhatItReads(existing.config, check)) {
    const what = guarded ? `verifies “${guarded.title}”, which is not done` : `is a condition of the poll “${poll!.question}”`;
    return refuse('forbidden', `“${existing.config.name}” ${what}: only the lead may change what it reads or whether it completes its step`);
  }
  const problem = checkProblem(state, check);
  if (problem) return refuse('precondition', problem);
  return accept({ type: 'check.defined', payload: { check } });
}

/** The poll with a condition bound to this check, if any. */
const pollBoundTo = (state: CutoverState, checkId: string) => Object.values(state.polls).find((p) => p.conditions.some((c) => c.checkId === checkId));

/** Whether a redefinition changes what the check reads or decides (its spec, or its step's completion), not only its name or pace. */
const changesWhatItReads = (was: CheckConfig, now: CheckConfig): boolean =>
  JSON.stringify(was.spec) !== JSON.stringify(now.spec) || was.step?.completes !== now.step?.completes;

function decideRemove(state: CutoverState, command: CommandOf<'check.remove'>): Decision {
  const closed = ended(state);
  if (closed) return closed;
  const check = checkOf(state, command.payload.checkId);
  if (!check) return refuse('not_found', `There is no check "${command.payload.checkId}"`);
  const poll = pollBoundTo(state, check.config.id);
  if (poll) return refuse('precondition', `The poll “${poll.question}” has a condition bound to “${check.config.name}”; it stays on the record`);
  // "Remove" sits beside "Run now": a slip must not take a running step's rail away unseen.
  const { reason } = command.payload;
  const guarded = stepGuardedBy(state, check);
  if (guarded && !reason) return refuse('precondition', guardedStepRefusal(check, guarded));
  return accept({ type: 'check.removed', payload: { checkId: check.config.id, name: check.config.name, ...(reason ? { reason } : {}) } });
}

function decideRun(state: CutoverState, command: CommandOf<'check.run'>): Decision {
  const closed = ended(state);
  if (closed) return closed;
  if (!checkOf(state, command.payload.checkId)) {
    const names = checkList(state).map((c) => c.config.id);
    return refuse('not_found', `There is no check "${command.payload.checkId}"${names.length ? ` (there are: ${names.slice(0, 5).join(', ')})` : ''}`);
  }
  return accept({ type: 'check.requested', payload: command.payload });
}

export const checkCommands = {
  'check.define': decideDefine,
  'check.remove': decideRemove,
  'check.run': decideRun,
} satisfies CommandTable;

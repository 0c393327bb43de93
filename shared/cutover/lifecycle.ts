import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable, EventTable } from '../core/tables';
import { words } from '../core/words';
import { loadRunbook } from '../steps/apply';
import type { CommandOf } from './commands';
import type { EventOf } from './events';
import { reopenProblem, rollbackUnderWay, unsettledSteps } from './rails';
import { isEnded } from './schema';
import { emptyCutoverState, type CutoverState } from './state';

/*
 * The night itself as a slice: its details, its status from draft to the end (and back,
 * within the grace), the timeline's notes, and the facts the hub records about itself.
 */

const editable = (state: CutoverState): boolean => state.status === 'draft' || state.status === 'scheduled';

function decideUpdate(state: CutoverState, command: CommandOf<'cutover.update'>): Decision {
  if (isEnded(state.status)) return refuse('precondition', 'The cutover has ended; its details are part of the record now');
  if (command.payload.leadMayCrossPonr !== undefined && !editable(state)) {
    return refuse('precondition', 'Who may cross the point of no return is settled before the night starts');
  }
  return accept({ type: 'cutover.updated', payload: command.payload });
}

function decideFinish(state: CutoverState, command: CommandOf<'cutover.finish'>): Decision {
  if (isEnded(state.status)) return refuse('precondition', `The cutover is already ${words(state.status)}`);
  const { outcome, reason, early } = command.payload;
  if (outcome === 'completed' && state.status !== 'in_progress') {
    return refuse('precondition', 'Only a cutover in progress can be completed');
  }
  // The approver decided to go back: a "Complete" confirmed in a prompt left open meanwhile
  // would record the night as done forward, on the timeline, in Slack and in the postmortem.
  const rollback = outcome === 'completed' ? rollbackUnderWay(state) : null;
  if (rollback) return refuse('precondition', `${rollback} is under way: end the night as rolled back (or aborted), not completed`);
  const undone = unsettledSteps(state);
  if (outcome === 'completed' && undone.length > 0 && (!early || !reason)) {
    const list = undone
      .slice(0, 5)
      .map((u) => `“${u.title}” (${words(u.status)})`)
      .join(', ');
    return refuse(
      'precondition',
      `${undone.length} step${undone.length > 1 ? 's are' : ' is'} not settled: ${list}${undone.length > 5 ? '…' : ''}. Confirm completing early and say why`,
    );
  }
  const leftUndone = undone.length > 0 ? { leftUndone: undone.map((u) => u.id) } : {};
  return accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: outcome, ...(reason ? { reason } : {}), ...leftUndone } });
}

function decideReopen(state: CutoverState, command: CommandOf<'cutover.reopen'>, ctx: DecideContext): Decision {
  const problem = reopenProblem(state, ctx.now);
  if (problem) return refuse('precondition', problem);
  return accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: 'in_progress', reason: command.payload.reason } });
}

export const lifecycleCommands = {
  'cutover.update': decideUpdate,
  'cutover.schedule': (state) =>
    state.status !== 'draft'
      ? refuse('precondition', `Only a draft can be scheduled; this cutover is ${words(state.status)}`)
      : accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: 'scheduled' } }),
  'cutover.start': (state) =>
    !editable(state)
      ? refuse('precondition', `The cutover is already ${words(state.status)}`)
      : accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: 'in_progress' } }),
  'cutover.finish': decideFinish,
  'cutover.reopen': decideReopen,
  'note.add': (_state, command, ctx) => accept({ type: 'note.added', payload: { noteId: ctx.newId(), ...command.payload } }),
  // The value goes to the hub's vault before this is decided; only the name is recorded.
  'secret.set': (_state, command) => accept({ type: 'secret.stored', payload: { name: command.payload.name } }),
} satisfies CommandTable;

function applyUpdated(state: CutoverState, e: EventOf<'cutover.updated'>): CutoverState {
  if (!state.info) return state;
  const { title, window, pointOfNoReturnAt, leadMayCrossPonr } = e.payload;
  return {
    ...state,
    info: {
      ...state.info,
      ...(title ? { title } : {}),
      ...(window ? { window } : {}),
      ...(pointOfNoReturnAt !== undefined ? { pointOfNoReturnAt } : {}),
      ...(leadMayCrossPonr !== undefined ? { leadMayCrossPonr } : {}),
    },
  };
}

function applyStatusChanged(state: CutoverState, e: EventOf<'cutover.statusChanged'>): CutoverState {
  const { to, reason, leftUndone } = e.payload;
  return {
    ...state,
    status: to,
    startedAt: to === 'in_progress' ? (state.startedAt ?? e.ts) : state.startedAt,
    // A reopened night has no end again, and nothing left undone yet.
    endedAt: isEnded(to) ? e.ts : null,
    leftUndone: leftUndone ?? [],
    statusReason: reason ?? null,
  };
}

const unchanged = (state: CutoverState): CutoverState => state;

export const lifecycleEvents = {
  'cutover.created': (_state, e) => ({ ...emptyCutoverState(), info: e.payload.cutover, ...loadRunbook(e.payload.runbook) }),
  'cutover.updated': applyUpdated,
  'cutover.statusChanged': applyStatusChanged,
  // The event itself is the note: see timelineNotes.
  'note.added': unchanged,
  'journal.recovered': unchanged,
  'hub.resumed': unchanged,
  'secret.stored': (state, e) => (state.secretNames.includes(e.payload.name) ? state : { ...state, secretNames: [...state.secretNames, e.payload.name] }),
} satisfies EventTable;

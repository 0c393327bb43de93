import { decideComms } from '../comms/decideComms';
import { decideSeries } from '../metrics/decideSeries';
import { decidePoll } from '../polls/decidePoll';
import { runbookProblem, stepsProblem } from '../runbook/validate';
import type { Command } from './commands';
import type { NewEvent } from './events';
import { mayIssue } from './permissions';
import type { Actor } from './schema';
import { mayOverridePonr, mayWorkStep, PONR_CONFIRM_WORD, ponrClearance, reopenProblem, unmetDependencies, unsettledSteps } from './rails';
import { isEnded } from './schema';
import type { CutoverState, StepState } from './state';

export type DecideContext = {
  actor: Actor;
  /** The hub's clock, in ms. */
  now: number;
  /** Mints ids for things the command creates (notes). */
  newId: () => string;
};

export type RejectCode = 'forbidden' | 'precondition' | 'not_found';
export type Decision = { ok: true; events: NewEvent[] } | { ok: false; code: RejectCode; reason: string };

const accept = (...events: NewEvent[]): Decision => ({ ok: true, events });
const refuse = (code: RejectCode, reason: string): Decision => ({ ok: false, code, reason });

const ROLE_WORDS: Record<string, string> = { lead: 'the lead', operator: 'an operator', approver: 'an approver', comms: 'comms', observer: 'an observer' };

/**
 * Decides what a command means in the current state: the events it produces, or why it is
 * refused. Pure: the hub calls it with its own clock and ids, tests call it with theirs.
 */
export function decide(state: CutoverState, command: Command, ctx: DecideContext): Decision {
  const { actor } = ctx;
  if (!mayIssue(actor.role, command.type)) {
    return refuse('forbidden', `${capitalise(ROLE_WORDS[actor.role] ?? actor.role)} may not ${describe(command.type)}`);
  }
  if (!state.info) return refuse('not_found', 'This cutover does not exist yet');
  const ended = isEnded(state.status);
  const editable = state.status === 'draft' || state.status === 'scheduled';

  switch (command.type) {
    case 'cutover.update': {
      if (ended) return refuse('precondition', 'The cutover has ended; its details are part of the record now');
      if (command.payload.leadMayCrossPonr !== undefined && !editable) {
        return refuse('precondition', 'Who may cross the point of no return is settled before the night starts');
      }
      return accept({ type: 'cutover.updated', payload: command.payload });
    }
    case 'cutover.schedule':
      if (state.status !== 'draft') return refuse('precondition', `Only a draft can be scheduled; this cutover is ${words(state.status)}`);
      return accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: 'scheduled' } });
    case 'cutover.start':
      if (!editable) return refuse('precondition', `The cutover is already ${words(state.status)}`);
      return accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: 'in_progress' } });
    case 'cutover.finish': {
      if (ended) return refuse('precondition', `The cutover is already ${words(state.status)}`);
      const { outcome, reason, early } = command.payload;
      if (outcome === 'completed' && state.status !== 'in_progress') {
        return refuse('precondition', 'Only a cutover in progress can be completed');
      }
      const undone = unsettledSteps(state);
      if (outcome === 'completed' && undone.length > 0 && (!early || !reason)) {
        const list = undone.slice(0, 5).map((u) => `“${u.title}” (${words(u.status)})`).join(', ');
        return refuse('precondition', `${undone.length} step${undone.length > 1 ? 's are' : ' is'} not settled: ${list}${undone.length > 5 ? '…' : ''}. Confirm completing early and say why`);
      }
      const leftUndone = undone.length > 0 ? { leftUndone: undone.map((u) => u.id) } : {};
      return accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: outcome, ...(reason ? { reason } : {}), ...leftUndone } });
    }
    case 'cutover.reopen': {
      const problem = reopenProblem(state, ctx.now);
      if (problem) return refuse('precondition', problem);
      return accept({ type: 'cutover.statusChanged', payload: { from: state.status, to: 'in_progress', reason: command.payload.reason } });
    }
    case 'runbook.replace': {
      if (!editable) return refuse('precondition', 'The runbook can be replaced only before the night starts');
      const problem = runbookProblem(command.payload.runbook);
      return problem ? refuse('precondition', problem) : accept({ type: 'runbook.replaced', payload: command.payload });
    }
    case 'step.add': {
      if (ended) return refuse('precondition', 'The cutover has ended');
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
    case 'step.edit': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      const edited = { ...step, ...command.payload.changes };
      const problem = stepsProblem(Object.values({ ...state.steps, [step.id]: edited }));
      if (problem) return refuse('precondition', problem);
      return accept({ type: 'step.edited', payload: command.payload });
    }
    case 'step.remove': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      if (step.status !== 'pending') return refuse('precondition', `“${step.title}” is ${words(step.status)}; only a pending step can be removed`);
      const dependent = Object.values(state.steps).find((s) => s.dependsOn.includes(step.id));
      if (dependent) return refuse('precondition', `“${dependent.title}” depends on “${step.title}”; change that first`);
      return accept({ type: 'step.removed', payload: command.payload });
    }
    case 'step.start': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      if (state.status !== 'in_progress') return notRunning(state);
      const owner = ownerRail(state, step, ctx);
      if (owner) return owner;
      if (step.status !== 'pending' && step.status !== 'blocked') {
        return refuse('precondition', `“${step.title}” is already ${words(step.status)}`);
      }
      const waiting = unmetDependencies(state, step);
      const force = command.payload.force;
      if (waiting.length > 0 && !force) {
        const list = waiting.map((w) => `“${w.title}” (${words(w.status)})`).join(', ');
        return refuse('precondition', `“${step.title}” is waiting on ${list}. Finish ${waiting.length > 1 ? 'them' : 'it'} first, or force the start with a reason`);
      }
      // Forcing bypasses dependencies, never the point of no return.
      const ponr = ponrRail(state, step);
      if (ponr) return ponr;
      return accept({ type: 'step.started', payload: { stepId: step.id, ...(waiting.length > 0 && force ? { forcedReason: force } : {}) } });
    }
    case 'step.complete': {
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
      const ponr = ponrRail(state, step);
      if (ponr) return ponr;
      return accept({ type: 'step.completed', payload: command.payload });
    }
    case 'step.skip':
    case 'step.fail':
    case 'step.block': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      if (state.status !== 'in_progress') return notRunning(state);
      const allowed: Record<typeof command.type, StepState['status'][]> = {
        'step.skip': ['pending', 'blocked'],
        'step.fail': ['in_progress', 'blocked'],
        'step.block': ['pending', 'in_progress'],
      };
      if (command.type === 'step.skip' && step.kind === 'gate') return refuse('precondition', `“${step.title}” is a gate and cannot be skipped: the approver decides`);
      const owner = ownerRail(state, step, ctx);
      if (owner) return owner;
      if (!allowed[command.type].includes(step.status)) {
        return refuse('precondition', `“${step.title}” is ${words(step.status)}; it cannot be ${pastTense(command.type)}`);
      }
      // Skipping the point of no return passes it as surely as doing it.
      const ponr = command.type === 'step.skip' ? ponrRail(state, step) : null;
      if (ponr) return ponr;
      const type = ({ 'step.skip': 'step.skipped', 'step.fail': 'step.failed', 'step.block': 'step.blocked' } as const)[command.type];
      return accept({ type, payload: command.payload });
    }
    case 'step.reopen': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      if (ended) return refuse('precondition', 'The cutover has ended');
      if (step.status === 'pending') return refuse('precondition', `“${step.title}” is already pending`);
      return accept({ type: 'step.reopened', payload: command.payload });
    }
    case 'ponr.override': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      if (!mayOverridePonr(state, actor.role)) {
        return refuse('forbidden', 'Only an approver may cross the point of no return without a GO (the lead too, if the cutover was planned so)');
      }
      if (state.status !== 'in_progress') return notRunning(state);
      if (!step.pointOfNoReturn) return refuse('precondition', `“${step.title}” is not a point of no return`);
      if (step.startedAt !== null || step.status === 'done' || step.status === 'skipped') return refuse('precondition', `“${step.title}” has already been crossed`);
      const clearance = ponrClearance(state, step);
      if (clearance.clear) return refuse('precondition', clearance.by === 'go' ? `A GO already clears “${step.title}”: no override is needed` : `“${step.title}” may already be crossed`);
      if (command.payload.confirm.toUpperCase() !== PONR_CONFIRM_WORD) return refuse('precondition', `Type ${PONR_CONFIRM_WORD} to confirm crossing the point of no return without a GO`);
      return accept({ type: 'ponr.overridden', payload: { overrideId: ctx.newId(), stepId: step.id, reason: command.payload.reason } });
    }
    case 'step.note': {
      const step = state.steps[command.payload.stepId];
      if (!step) return missingStep(command.payload.stepId);
      return accept({ type: 'step.noted', payload: { ...command.payload, noteId: ctx.newId() } });
    }
    case 'note.add':
      return accept({ type: 'note.added', payload: { noteId: ctx.newId(), ...command.payload } });
    case 'member.shift': {
      if (!state.members[actor.id]) return refuse('not_found', 'You are not on this cutover’s crew');
      return accept({ type: 'member.shiftChanged', payload: { memberId: actor.id, ...command.payload } });
    }
    case 'member.setRole': {
      const m = state.members[command.payload.memberId];
      if (!m) return refuse('not_found', 'There is no such member');
      if (m.role === command.payload.role) return refuse('precondition', `${m.name} is already ${ROLE_WORDS[m.role]}`);
      const leads = Object.values(state.members).filter((x) => x.role === 'lead');
      if (m.role === 'lead' && leads.length === 1) return refuse('precondition', 'The night needs a lead: make someone else lead first');
      return accept({ type: 'member.roleChanged', payload: command.payload });
    }
    case 'member.setStation': {
      const m = state.members[command.payload.memberId];
      if (!m) return refuse('not_found', 'There is no such member');
      if (m.station === command.payload.station) return refuse('precondition', `${m.name} already covers ${m.station || 'no station'}`);
      return accept({ type: 'member.stationChanged', payload: command.payload });
    }
    case 'invite.create': {
      const { role, station, label } = command.payload;
      return accept({ type: 'invite.created', payload: { invite: { id: `i-${ctx.newId()}`, role, station, label: label ?? (station || role) } } });
    }
    case 'invite.revoke': {
      const inv = state.invites[command.payload.inviteId];
      if (!inv) return refuse('not_found', 'There is no such invite');
      if (inv.revokedAt !== null) return refuse('precondition', 'This invite is already revoked');
      return accept({ type: 'invite.revoked', payload: command.payload });
    }
    case 'poll.open':
    case 'poll.answer':
    case 'poll.close':
    case 'poll.repoll':
    case 'poll.check':
    case 'decision.record':
      return decidePoll(state, command, ctx);
    case 'secret.set':
      return accept({ type: 'secret.stored', payload: { name: command.payload.name } });
    case 'series.define':
    case 'series.remove':
      return decideSeries(state, command, actor);
    case 'comms.configure':
    case 'comms.allow':
    case 'template.save':
    case 'template.remove':
    case 'message.send':
    case 'message.retry':
    case 'message.cancel':
      return decideComms(state, command, ctx);
  }
}

/** A step is worked by its owner, an operator or the lead: anyone else is told whose it is. */
function ownerRail(state: CutoverState, step: StepState, ctx: DecideContext): Decision | null {
  if (mayWorkStep(ctx.actor, state.members[ctx.actor.id], step)) return null;
  const who = capitalise(ROLE_WORDS[ctx.actor.role] ?? ctx.actor.role);
  return refuse('forbidden', `${who} may work only the steps they own; “${step.title}” is ${step.owner ? `owned by ${step.owner}` : 'not owned by anyone'}`);
}

/** A step not yet under way that is the point of no return is crossed only when cleared. */
function ponrRail(state: CutoverState, step: StepState): Decision | null {
  if (step.startedAt !== null) return null;
  const ponr = ponrClearance(state, step);
  return ponr.clear ? null : refuse('precondition', ponr.reason);
}

const missingStep = (id: string) => refuse('not_found', `There is no step "${id}"`);
const notRunning = (state: CutoverState) =>
  refuse('precondition', state.status === 'draft' || state.status === 'scheduled'
    ? 'The night has not started yet: the lead starts the cutover first'
    : `The cutover is ${words(state.status)}`);

const words = (s: string) => s.replace(/_/g, ' ');
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const pastTense = (t: 'step.skip' | 'step.fail' | 'step.block') => ({ 'step.skip': 'skipped', 'step.fail': 'failed', 'step.block': 'blocked' })[t];

function describe(type: Command['type']): string {
  const [noun, verb] = type.split('.') as [string, string];
  const nouns: Record<string, string> = { cutover: 'the cutover', runbook: 'the runbook', step: 'a step', note: 'a note', member: 'a shift' };
  const verbs: Record<string, string> = { add: 'add', edit: 'edit', remove: 'remove', note: 'note on', shift: 'change' };
  const special: Partial<Record<Command['type'], string>> = {
    'member.shift': 'change shifts',
    'member.setRole': 'change roles',
    'member.setStation': 'give people stations',
    'cutover.reopen': 'reopen the night',
    'ponr.override': 'cross the point of no return without a GO',
    'note.add': 'add notes to the timeline',
    'invite.create': 'invite people',
    'invite.revoke': 'revoke invites',
    'poll.open': 'open a poll',
    'poll.answer': 'answer a poll',
    'poll.close': 'close a poll',
    'poll.repoll': 'poll again',
    'poll.check': 'check a poll’s conditions',
    'decision.record': 'record a go/no-go decision',
    'secret.set': 'store secrets on the hub',
    'series.define': 'set up lag series',
    'series.remove': 'remove lag series',
    'comms.configure': 'set up Slack and status pages',
    'comms.allow': 'choose who sends updates',
    'template.save': 'edit message templates',
    'template.remove': 'remove message templates',
    'message.send': 'send updates',
    'message.retry': 'retry updates',
    'message.cancel': 'cancel updates',
  };
  if (special[type]) return special[type];
  return `${verbs[verb] ?? verb} ${nouns[noun] ?? noun}`;
}

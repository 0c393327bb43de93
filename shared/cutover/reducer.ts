import { applyCommsEvent } from '../comms/applyComms';
import { applySeriesEvent } from '../metrics/applySeries';
import { applyPollEvent } from '../polls/applyPoll';
import type { CutoverEvent } from './events';
import { isEnded, type RunbookPlan, type StepPlan } from './schema';
import { emptyCutoverState, type CutoverState, type PhaseState, type StepState } from './state';

const freshStep = (plan: StepPlan, phaseId: string): StepState => ({
  ...plan,
  phaseId,
  status: 'pending',
  startedAt: null,
  endedAt: null,
  startedBy: null,
  endedBy: null,
  forcedReason: null,
  statusReason: null,
  notes: [],
});

function loadRunbook(runbook: RunbookPlan): Pick<CutoverState, 'phases' | 'steps'> {
  const steps: Record<string, StepState> = {};
  const phases: PhaseState[] = runbook.phases.map((p) => {
    for (const s of p.steps) steps[s.id] = freshStep(s, p.id);
    return { id: p.id, title: p.title, stepIds: p.steps.map((s) => s.id) };
  });
  return { phases, steps };
}

function patchStep(state: CutoverState, stepId: string, patch: Partial<StepState>): CutoverState {
  const step = state.steps[stepId];
  if (!step) return state;
  return { ...state, steps: { ...state.steps, [stepId]: { ...step, ...patch } } };
}

/**
 * Folds one event into the state. Events are facts already checked by `decide`, so this
 * never refuses; it must stay pure and deterministic, because the hub and every client
 * run it and must agree.
 */
export function applyEvent(state: CutoverState, event: CutoverEvent): CutoverState {
  const next = applyPayload(state, event);
  return next === state ? { ...state, seq: event.seq } : { ...next, seq: event.seq };
}

function applyPayload(state: CutoverState, e: CutoverEvent): CutoverState {
  const by = e.actor.name;
  switch (e.type) {
    case 'cutover.created':
      return { ...emptyCutoverState(), info: e.payload.cutover, ...loadRunbook(e.payload.runbook) };
    case 'cutover.updated': {
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
    case 'cutover.statusChanged': {
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
    case 'runbook.replaced':
      return { ...state, ...loadRunbook(e.payload.runbook) };
    case 'step.added': {
      const { phaseId, step, index } = e.payload;
      const phases = state.phases.map((p) => {
        if (p.id !== phaseId) return p;
        const stepIds = [...p.stepIds];
        stepIds.splice(index, 0, step.id);
        return { ...p, stepIds };
      });
      return { ...state, phases, steps: { ...state.steps, [step.id]: freshStep(step, phaseId) } };
    }
    case 'step.edited':
      return patchStep(state, e.payload.stepId, stripUndefined(e.payload.changes));
    case 'step.removed': {
      const { [e.payload.stepId]: _removed, ...steps } = state.steps;
      const phases = state.phases.map((p) =>
        p.stepIds.includes(e.payload.stepId) ? { ...p, stepIds: p.stepIds.filter((s) => s !== e.payload.stepId) } : p,
      );
      return { ...state, phases, steps };
    }
    case 'step.started':
      return patchStep(state, e.payload.stepId, {
        status: 'in_progress',
        startedAt: e.ts,
        startedBy: by,
        endedAt: null,
        endedBy: null,
        forcedReason: e.payload.forcedReason ?? null,
        statusReason: null,
      });
    case 'step.completed': {
      const step = state.steps[e.payload.stepId];
      if (!step) return state;
      const withNote = e.payload.note ? addStepNote(step, `${e.seq}`, e.ts, by, e.payload.note) : step;
      return patchStep(state, step.id, {
        notes: withNote.notes,
        status: 'done',
        // A step ticked off without being started took no measurable time.
        startedAt: step.startedAt ?? e.ts,
        startedBy: step.startedBy ?? by,
        endedAt: e.ts,
        endedBy: by,
      });
    }
    case 'step.skipped':
    case 'step.failed':
      return patchStep(state, e.payload.stepId, {
        status: e.type === 'step.skipped' ? 'skipped' : 'failed',
        endedAt: e.ts,
        endedBy: by,
        statusReason: e.payload.reason,
      });
    case 'step.blocked':
      return patchStep(state, e.payload.stepId, { status: 'blocked', statusReason: e.payload.reason });
    case 'step.reopened':
      return patchStep(state, e.payload.stepId, {
        status: 'pending',
        startedAt: null,
        startedBy: null,
        endedAt: null,
        endedBy: null,
        forcedReason: null,
        statusReason: e.payload.reason,
      });
    case 'step.noted': {
      const step = state.steps[e.payload.stepId];
      if (!step) return state;
      return patchStep(state, step.id, addStepNote(step, e.payload.noteId, e.ts, by, e.payload.text));
    }
    case 'ponr.overridden': {
      const { overrideId, stepId, reason } = e.payload;
      return { ...state, overrides: [...state.overrides, { id: overrideId, stepId, reason, by: e.actor, at: e.ts }] };
    }
    case 'note.added':
      return state; // the event itself is the note: see timelineNotes
    case 'member.joined': {
      const m = e.payload.member;
      return {
        ...state,
        members: { ...state.members, [m.id]: { ...m, joinedAt: e.ts, onShift: true, handover: '', shiftChangedAt: e.ts } },
      };
    }
    case 'member.shiftChanged': {
      const m = state.members[e.payload.memberId];
      if (!m) return state;
      const updated = { ...m, onShift: e.payload.onShift, handover: e.payload.handover ?? m.handover, shiftChangedAt: e.ts };
      return { ...state, members: { ...state.members, [m.id]: updated } };
    }
    case 'member.roleChanged': {
      const m = state.members[e.payload.memberId];
      return m ? { ...state, members: { ...state.members, [m.id]: { ...m, role: e.payload.role } } } : state;
    }
    case 'member.stationChanged': {
      const m = state.members[e.payload.memberId];
      return m ? { ...state, members: { ...state.members, [m.id]: { ...m, station: e.payload.station } } } : state;
    }
    case 'invite.created':
      return { ...state, invites: { ...state.invites, [e.payload.invite.id]: { ...e.payload.invite, createdAt: e.ts, revokedAt: null } } };
    case 'invite.revoked': {
      const inv = state.invites[e.payload.inviteId];
      return inv ? { ...state, invites: { ...state.invites, [inv.id]: { ...inv, revokedAt: e.ts } } } : state;
    }
    case 'poll.opened':
    case 'poll.answered':
    case 'poll.closed':
    case 'poll.reopened':
    case 'poll.conditionChecked':
      return applyPollEvent(state, e);
    case 'decision.recorded': {
      const { decisionId, pollId, decision, rationale } = e.payload;
      return { ...state, decisions: [...state.decisions, { id: decisionId, pollId: pollId ?? null, decision, rationale, by: e.actor, at: e.ts }] };
    }
    case 'rollback.started': {
      const { phase, decisionId } = e.payload;
      const steps = { ...state.steps };
      for (const s of phase.steps) steps[s.id] = freshStep(s, phase.id);
      return {
        ...state,
        // The way back goes first: it is what the crew works on now.
        phases: [{ id: phase.id, title: phase.title, stepIds: phase.steps.map((s) => s.id) }, ...state.phases],
        steps,
        rollback: { startedAt: e.ts, decisionId },
      };
    }
    case 'journal.recovered':
    case 'hub.resumed':
      return state;
    case 'secret.stored':
      return state.secretNames.includes(e.payload.name) ? state : { ...state, secretNames: [...state.secretNames, e.payload.name] };
    case 'series.defined':
    case 'series.removed':
    case 'series.alerted':
      return applySeriesEvent(state, e);
    case 'comms.configured':
    case 'comms.allowed':
    case 'template.saved':
    case 'template.removed':
    case 'message.requested':
    case 'delivery.sending':
    case 'delivery.sent':
    case 'delivery.failed':
    case 'delivery.retried':
    case 'delivery.cancelled':
    case 'comms.providerRef':
      return applyCommsEvent(state, e);
  }
}

function addStepNote(step: StepState, id: string, at: number, by: string, text: string): StepState {
  return { ...step, notes: [...step.notes, { id, at, by, text }] };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function foldEvents(events: readonly CutoverEvent[], from: CutoverState = emptyCutoverState()): CutoverState {
  let s = from;
  for (const e of events) s = applyEvent(s, e);
  return s;
}

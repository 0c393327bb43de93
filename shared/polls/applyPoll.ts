import type { EventTable } from '../core/tables';
import type { EventOf } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { freshStep } from '../steps/apply';
import { answerKeys, currentRound, type PollAnswer, type PollRound, type PollState } from './schema';

/* How the go/no-go events fold into the state: like every fold, facts only, no checks. */

const newRound = (state: CutoverState, round: number, at: number): PollRound => ({
  round,
  openedAt: at,
  answers: {},
  history: [],
  closedAt: null,
  closeReason: null,
  decisionsBefore: state.decisions.length,
});

function patchPoll(state: CutoverState, id: string, f: (p: PollState) => PollState): CutoverState {
  const poll = state.polls[id];
  return poll ? { ...state, polls: { ...state.polls, [id]: f(poll) } } : state;
}

function patchRound(p: PollState, f: (r: PollRound) => PollRound): PollState {
  return { ...p, rounds: [...p.rounds.slice(0, -1), f(currentRound(p))] };
}

function applyOpened(state: CutoverState, e: EventOf<'poll.opened'>): CutoverState {
  const { pollId, question, stations, gateStepId, deadline, conditions, answerBy } = e.payload;
  const poll: PollState = {
    id: pollId,
    question,
    stations,
    // A poll recorded before answering by person existed kept its meaning: by station.
    answerBy: answerBy ?? 'station',
    gateStepId: gateStepId ?? null,
    deadline: deadline ?? null,
    conditions: conditions.map((c) =>
      typeof c === 'string' ? { text: c, met: null, by: null, at: null } : { text: c.text, checkId: c.checkId, met: null, by: null, at: null },
    ),
    openedBy: e.actor,
    rounds: [newRound(state, 1, e.ts)],
  };
  return { ...state, polls: { ...state.polls, [pollId]: poll }, pollOrder: [...state.pollOrder, pollId] };
}

export function applyAnswered(state: CutoverState, e: EventOf<'poll.answered'>): CutoverState {
  const { stations, vote, comment, replaces } = e.payload;
  const answer: PollAnswer = { stations, vote, comment, by: e.actor, at: e.ts, ...(replaces?.length ? { replaced: replaces } : {}) };
  return patchPoll(state, e.payload.pollId, (p) => {
    // By person, each member's answer stands on its own; by station, the latest answer holds the station.
    const keys = answerKeys(p, stations, e.actor.id);
    return patchRound(p, (r) => ({
      ...r,
      answers: { ...r.answers, ...Object.fromEntries(keys.map((k) => [k, answer])) },
      history: [...r.history, answer],
    }));
  });
}

const applyReopened = (state: CutoverState, e: EventOf<'poll.reopened'>): CutoverState =>
  patchPoll(state, e.payload.pollId, (p) => ({
    ...p,
    // Each round gets as long as the first had: the first's deadline, often past by now, would close it at once.
    deadline: p.deadline === null ? null : e.ts + (p.deadline - (p.rounds[0]?.openedAt ?? e.ts)),
    rounds: [...p.rounds, newRound(state, e.payload.round, e.ts)],
  }));

const applyConditionChecked = (state: CutoverState, e: EventOf<'poll.conditionChecked'>): CutoverState =>
  patchPoll(state, e.payload.pollId, (p) => ({
    ...p,
    conditions: p.conditions.map((c, i) => (i === e.payload.index ? { ...c, met: e.payload.met, by: e.actor.name, at: e.ts } : c)),
  }));

function applyDecisionRecorded(state: CutoverState, e: EventOf<'decision.recorded'>): CutoverState {
  const { decisionId, pollId, decision, rationale, override } = e.payload;
  const record = { id: decisionId, pollId: pollId ?? null, decision, rationale, by: e.actor, at: e.ts, ...(override ? { override } : {}) };
  return { ...state, decisions: [...state.decisions, record] };
}

function applyRollbackStarted(state: CutoverState, e: EventOf<'rollback.started'>): CutoverState {
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

export const pollEvents = {
  'poll.opened': applyOpened,
  'poll.answered': applyAnswered,
  'poll.closed': (state, e) => patchPoll(state, e.payload.pollId, (p) => patchRound(p, (r) => ({ ...r, closedAt: e.ts, closeReason: e.payload.reason }))),
  'poll.reopened': applyReopened,
  'poll.conditionChecked': applyConditionChecked,
  'decision.recorded': applyDecisionRecorded,
  'rollback.started': applyRollbackStarted,
} satisfies EventTable;

import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import { answersByPerson, currentRound, personKey, type PollAnswer, type PollRound, type PollState } from './schema';

type PollEvent = Extract<CutoverEvent, { type: 'poll.opened' | 'poll.answered' | 'poll.closed' | 'poll.reopened' | 'poll.conditionChecked' }>;

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

/** Folds the poll events; like every reducer case, facts only, no checks. */
export function applyPollEvent(state: CutoverState, e: PollEvent): CutoverState {
  switch (e.type) {
    case 'poll.opened': {
      const { pollId, question, stations, gateStepId, deadline, conditions, answerBy } = e.payload;
      const poll: PollState = {
        id: pollId,
        question,
        stations,
        // A poll recorded before answering by person existed kept its meaning: by station.
        answerBy: answerBy ?? 'station',
        gateStepId: gateStepId ?? null,
        deadline: deadline ?? null,
        conditions: conditions.map((text) => ({ text, met: null, by: null, at: null })),
        openedBy: e.actor,
        rounds: [newRound(state, 1, e.ts)],
      };
      return { ...state, polls: { ...state.polls, [pollId]: poll }, pollOrder: [...state.pollOrder, pollId] };
    }
    case 'poll.answered': {
      const { stations, vote, comment, replaces } = e.payload;
      const answer: PollAnswer = { stations, vote, comment, by: e.actor, at: e.ts, ...(replaces?.length ? { replaced: replaces } : {}) };
      return patchPoll(state, e.payload.pollId, (p) => {
        // By person, each member's answer stands on its own; by station, the latest answer holds the station.
        const keys = answersByPerson(p) ? [personKey(e.actor.id)] : stations;
        return patchRound(p, (r) => ({
          ...r,
          answers: { ...r.answers, ...Object.fromEntries(keys.map((k) => [k, answer])) },
          history: [...r.history, answer],
        }));
      });
    }
    case 'poll.closed':
      return patchPoll(state, e.payload.pollId, (p) => patchRound(p, (r) => ({ ...r, closedAt: e.ts, closeReason: e.payload.reason })));
    case 'poll.reopened':
      return patchPoll(state, e.payload.pollId, (p) => ({
        ...p,
        // Each round gets as long as the first had: the first's deadline, often past by now, would close it at once.
        deadline: p.deadline === null ? null : e.ts + (p.deadline - (p.rounds[0]?.openedAt ?? e.ts)),
        rounds: [...p.rounds, newRound(state, e.payload.round, e.ts)],
      }));
    case 'poll.conditionChecked':
      return patchPoll(state, e.payload.pollId, (p) => ({
        ...p,
        conditions: p.conditions.map((c, i) => (i === e.payload.index ? { ...c, met: e.payload.met, by: e.actor.name, at: e.ts } : c)),
      }));
  }
}

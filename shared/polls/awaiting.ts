import { mayIssue } from '../cutover/permissions';
import type { Member } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { answerKeys, currentRound, isOpen, type PollState } from './schema';
import { stationsOf } from './stations';
import { pollTally, roundDecisions } from './tally';

/**
 * The stations of `poll` this member answers for, as the night now knows them (the lead may
 * have given them another role or station since they joined); none for a role that may not
 * answer. The board and the list below read the same.
 */
export function myStations(state: CutoverState, me: Member, poll: PollState): string[] {
  const role = state.members[me.id]?.role ?? me.role;
  return mayIssue(role, 'poll.answer') ? stationsOf({ ...me, ...state.members[me.id], role }, poll.stations) : [];
}

/**
 * The open polls that ask this member and still wait on their answer: neither they nor (in a
 * poll answered by station) anyone at their station has answered this round. The screen's bar
 * and the notification read the same list.
 */
export function pollsAwaiting(state: CutoverState, me: Member): PollState[] {
  return state.pollOrder.flatMap((id) => {
    const poll = state.polls[id];
    if (!poll || !isOpen(poll)) return [];
    const mine = myStations(state, me, poll);
    const round = currentRound(poll);
    return mine.length > 0 && !answerKeys(poll, mine, me.id).some((k) => round.answers[k]) ? [poll] : [];
  });
}

/**
 * Polls waiting for an approver, newest first: the round is open, or it closed with its
 * answers in (every station answered, or the deadline came), and nothing is decided on it
 * yet. A round the lead closed by hand is the lead's to reopen, and a re-polled one is gone.
 * The approver's panel shows these; the hub keeps an approver for them (crew/decide.ts).
 */
export function awaitingDecision(state: CutoverState): PollState[] {
  if (state.status !== 'in_progress') return [];
  return [...state.pollOrder]
    .reverse()
    .map((id) => state.polls[id])
    .filter((p): p is PollState => p !== undefined)
    .filter((p) => {
      const reason = currentRound(p).closeReason;
      return (isOpen(p) || reason === 'complete' || reason === 'deadline') && pollTally(state, p).decision === null;
    });
}

/**
 * Whether `later` puts the question of `poll` again: for a gate, any poll on the same gate
 * (the lead may word it anew: "Switch DNS now?"); without a gate, the same question, as
 * poll.open tells one already asked. Another question of the night is not this one asked again.
 */
export function asksAgain(poll: PollState, later: PollState): boolean {
  if (poll.gateStepId !== null) return later.gateStepId === poll.gateStepId;
  return later.gateStepId === null && later.question.trim() === poll.question.trim();
}

/**
 * The same question asked after this one's round (asksAgain) and not decided since, or null.
 * The crew's answers there (a NO-GO given after the question was put again) are what a GO
 * must weigh: recorded on the older board, the GO would pass the gate, and clear the point of
 * no return, over them unseen. A HOLD or ROLLBACK on the older board passes nothing and stays
 * possible. An unrelated poll opened since ("Customer comms ready?") leaves the GO where it is.
 */
export function askedAgainSince(state: CutoverState, poll: PollState): PollState | null {
  const asked = currentRound(poll).openedAt;
  const place = state.pollOrder.indexOf(poll.id);
  for (let i = state.pollOrder.length - 1; i >= 0; i--) {
    const other = state.polls[state.pollOrder[i]!];
    if (!other || other.id === poll.id || !asksAgain(poll, other)) continue;
    const at = currentRound(other).openedAt;
    const later = at > asked || (at === asked && i > place);
    if (later && roundDecisions(state, other).length === 0) return other;
  }
  return null;
}

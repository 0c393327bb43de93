import { mayIssue } from '../cutover/permissions';
import type { Member } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { answerKeys, currentRound, isOpen, type PollState } from './schema';
import { stationsOf } from './stations';

/**
 * The open polls that ask this member and still wait on their answer: neither they nor (in a
 * poll answered by station) anyone at their station has answered this round. The screen's bar
 * and the notification read the same list.
 */
export function pollsAwaiting(state: CutoverState, me: Member): PollState[] {
  const role = state.members[me.id]?.role ?? me.role;
  if (!mayIssue(role, 'poll.answer')) return [];
  const member = { ...me, ...state.members[me.id], role };
  return state.pollOrder.flatMap((id) => {
    const poll = state.polls[id];
    if (!poll || !isOpen(poll)) return [];
    const mine = stationsOf(member, poll.stations);
    const round = currentRound(poll);
    return mine.length > 0 && !answerKeys(poll, mine, me.id).some((k) => round.answers[k]) ? [poll] : [];
  });
}

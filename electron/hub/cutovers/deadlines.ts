import { HUB_ACTOR } from '../../../shared/cutover';
import { currentRound, isOpen } from '../../../shared/polls/schema';
import type { CutoverRuntime } from './cutoverRuntime';

/**
 * Closes polls whose deadline has passed, on the hub's clock: the hub is the one clock
 * every screen agrees on. A poll whose deadline passed while the hub was down is closed
 * at the first tick after it comes back.
 */
export function watchDeadlines(runtime: CutoverRuntime, now: () => number, everyMs = 1000): () => void {
  const tick = () => {
    if (runtime.failed) return;
    for (const id of runtime.state.pollOrder) {
      const poll = runtime.state.polls[id];
      if (!poll || !isOpen(poll) || poll.deadline === null || poll.deadline > now()) continue;
      // record() folds at once, so the next tick already sees the poll closed.
      runtime.record(HUB_ACTOR, [{ type: 'poll.closed', payload: { pollId: id, round: currentRound(poll).round, reason: 'deadline' } }]).catch(() => undefined);
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

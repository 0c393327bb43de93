import { HUB_ACTOR, type CutoverState, type NewEvent } from '@shared/cutover';
import { currentRound, isOpen } from '@shared/polls/schema';
import type { CutoverLog, CutoverPart } from './parts';

/**
 * Closes polls whose deadline has passed, on the hub's clock: the hub is the one clock
 * every screen agrees on. A poll whose deadline passed while the hub was down is closed
 * at the first tick after it comes back.
 */
export class Deadlines implements CutoverPart {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: CutoverLog,
    private readonly now: () => number,
    private readonly everyMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    const { log, now } = this;
    if (log.failed) return;
    for (const id of log.state.pollOrder) {
      const closing = closeAtDeadline(log.state, id, now());
      // record() folds at once, so the next tick already sees the poll closed. Another hub may
      // have closed it first (the lead, on a shared store): decided again there, it is not closed twice.
      if (closing.length > 0) log.record(HUB_ACTOR, closing, (state) => closeAtDeadline(state, id, now())).catch(() => undefined);
    }
  }
}

/** The poll's closing, if it is open and its deadline has passed; none otherwise. */
function closeAtDeadline(state: CutoverState, pollId: string, now: number): NewEvent[] {
  const poll = state.polls[pollId];
  if (!poll || !isOpen(poll) || poll.deadline === null || poll.deadline > now) return [];
  return [{ type: 'poll.closed', payload: { pollId, round: currentRound(poll).round, reason: 'deadline' } }];
}

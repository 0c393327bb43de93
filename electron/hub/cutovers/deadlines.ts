import { HUB_ACTOR } from '@shared/cutover';
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
      const poll = log.state.polls[id];
      if (!poll || !isOpen(poll) || poll.deadline === null || poll.deadline > now()) continue;
      // record() folds at once, so the next tick already sees the poll closed.
      log.record(HUB_ACTOR, [{ type: 'poll.closed', payload: { pollId: id, round: currentRound(poll).round, reason: 'deadline' } }]).catch(() => undefined);
    }
  }
}

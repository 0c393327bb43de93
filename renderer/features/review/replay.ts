import { emptyCutoverState, foldEvents, type CutoverEvent, type CutoverState } from '@shared/cutover';

const CHECKPOINT_EVERY = 500;

/**
 * The night as it stood at any moment: a fold of the events up to it. States are kept
 * every 500 events, so scrubbing a 12-hour night folds at most 500 events per frame.
 */
export class Replay {
  private checkpoints: CutoverState[] = [];
  /** Each event's time, never decreasing: a hub clock stepped back by NTP must not break the search. */
  private times: number[] = [];

  constructor(readonly events: readonly CutoverEvent[]) {
    let latest = 0;
    this.times = events.map((e) => (latest = Math.max(latest, e.ts)));
    let s = emptyCutoverState();
    this.checkpoints.push(s);
    for (let i = 0; i < events.length; i += CHECKPOINT_EVERY) {
      s = foldEvents(events.slice(i, i + CHECKPOINT_EVERY), s);
      this.checkpoints.push(s);
    }
  }

  get start(): number {
    return this.events[0]?.ts ?? 0;
  }

  get end(): number {
    return this.times[this.times.length - 1] ?? 0;
  }

  /** How many events had happened by `at` (events are in time order: one hub clock). */
  countAt(at: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  stateAt(at: number): { state: CutoverState; events: readonly CutoverEvent[] } {
    const n = this.countAt(at);
    const k = Math.floor(n / CHECKPOINT_EVERY);
    const state = foldEvents(this.events.slice(k * CHECKPOINT_EVERY, n), this.checkpoints[k]!);
    return { state, events: this.events.slice(0, n) };
  }
}

/** Playback speeds offered: real time up to an hour a minute. */
export const SPEEDS = [1, 10, 60] as const;

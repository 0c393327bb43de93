import type { Actor, CutoverState, NewEvent } from '@shared/cutover';
import type { BatchListener } from './cutoverRuntime';

/**
 * What the parts beside a cutover's runtime need of it: its state, its durable batches, and
 * a way to record what they observe as hub events. Narrow on purpose, so a part can be
 * driven in a test by anything that keeps this promise, and cannot reach for commands.
 */
export interface CutoverLog {
  readonly state: CutoverState;
  /** Set once the store failed: nothing more can be recorded. */
  readonly failed: Error | null;
  /**
   * Appends what the hub itself decided. `recheck`, when given, decides it again on the state
   * as it is if another hub stored first (shared store): it answers what still holds there,
   * none to record nothing. Without it the events are appended as they were.
   */
  record(actor: Actor, events: NewEvent[], recheck?: (state: CutoverState) => NewEvent[]): Promise<number[]>;
  subscribe(listener: BatchListener): () => void;
}

/**
 * One thing that lives as long as its cutover is open (metrics, the outbox, deadlines,
 * revocations, the heartbeat, the fan-out). The registry starts them in order when the
 * cutover opens and stops them when the hub closes.
 */
export interface CutoverPart {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
  /**
   * Stopped only after the journal closed: it must see the batches of commands still in
   * flight at shutdown, or (the heartbeat) its last act is the hub's last moment.
   */
  readonly outlivesJournal?: boolean;
}

/** Stops parts in two rounds around `closeJournals`, each round's failures left to the next. */
export async function stopParts(parts: readonly CutoverPart[], closeJournals: () => Promise<unknown>): Promise<void> {
  const stopAll = (ps: readonly CutoverPart[]) => Promise.allSettled(ps.map(async (p) => p.stop()));
  await stopAll(parts.filter((p) => !p.outlivesJournal));
  await closeJournals();
  await stopAll(parts.filter((p) => p.outlivesJournal));
}

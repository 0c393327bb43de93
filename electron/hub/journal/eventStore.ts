import type { CutoverEvent, CutoverState } from '../../../shared/cutover';

/** What a store gives back when a cutover is opened. */
export type StoredHistory = {
  /** Each event's JSON exactly as stored, in seq order (seq = index + 1). */
  raws: string[];
  /** The same events parsed (the store verified them; they are not re-validated). */
  events: CutoverEvent[];
  /** The latest snapshot, if one is usable: the state as of `seq`. */
  snapshot: { seq: number; state: CutoverState } | null;
  /** Set when a torn last record was found and dropped on opening. */
  recovered: { droppedBytes: number; atOffset: number } | null;
};

/**
 * Where a cutover's events live. The file journal is the embedded default; a PostgreSQL
 * store implements the same contract so several hubs can share one night.
 */
export interface EventStore {
  /** Reads everything stored, repairing a torn tail; refuses corruption before it. */
  open(): Promise<StoredHistory>;
  /**
   * Appends events (their JSON, seqs contiguous with what is stored). Resolves only when
   * they are durable: the hub acknowledges nothing before that.
   */
  append(raws: readonly string[]): Promise<void>;
  /** Keeps a snapshot so that the next open folds only what came after it. */
  writeSnapshot(seq: number, state: CutoverState): Promise<void>;
  close(): Promise<void>;
}

/** A journal that cannot be trusted past some point; the hub refuses to open it. */
export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`Journal ${file} is corrupt at byte ${offset} (line ${line}): ${problem}. Nothing was changed; restore it from a backup or an archive.`);
    this.name = 'JournalCorruptError';
  }
}

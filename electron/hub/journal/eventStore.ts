import type { CutoverEvent, CutoverState } from '@shared/cutover';
import type { CommandRuns } from './commandRuns';

/** The state as of `seq`, and what the runtime needs besides it to go on from there: the commands applied up to it. */
export type Snapshot = { seq: number; state: CutoverState; commands: CommandRuns };

/** What a store gives back when a cutover is opened. */
export type StoredHistory = {
  /**
   * Each event's JSON exactly as stored, in seq order (seq = index + 1). Read-only: a store
   * may hand over a view that decodes each one from its bytes only when it is read (the file
   * journal does: storedRaws.ts), so opening does not pay for events no one asks for.
   */
  raws: readonly string[];
  /**
   * The events after the snapshot (all of them without one): what is left to fold, read once,
   * in seq order from `snapshot.seq + 1`. The store verified them; they are not re-validated.
   * A store may parse each only as it is reached (the file journal does), so reading them can
   * still throw a JournalCorruptError.
   */
  events: Iterable<CutoverEvent>;
  /** The latest snapshot, if it checked out against the journal: the state as of `seq`. */
  snapshot: Snapshot | null;
  /** Set when a torn last record was found and cut on opening (the cut bytes are kept). */
  recovered: { droppedBytes: number; atOffset: number } | null;
  /**
   * Given only when opened with `foldWhileChecking` and some checks were left running: settles
   * once the events are all checked, rejecting with the JournalCorruptError that opening would
   * otherwise have thrown (or, if the store was closed first, with an error that says so).
   * Until it resolves, the events may be folded, but nothing may be used, acknowledged or appended.
   */
  checked?: Promise<void>;
};

export type OpenOptions = {
  /**
   * The caller folds the events while the store is still checking them, and waits for
   * `StoredHistory.checked` before it goes on (the runtime does). Without it, `open` settles
   * only once everything is checked.
   */
  foldWhileChecking?: boolean;
};

/**
 * Where a cutover's events live. The file journal is the embedded default; a PostgreSQL
 * store implements the same contract so several hubs can share one night.
 */
export interface EventStore {
  /** Reads everything stored, repairing a torn tail; refuses corruption before it. */
  open(opts?: OpenOptions): Promise<StoredHistory>;
  /**
   * Appends events (their JSON, seqs contiguous with what is stored). Resolves only when
   * they are durable: the hub acknowledges nothing before that.
   */
  append(raws: readonly string[]): Promise<void>;
  /**
   * Keeps a snapshot so that the next open folds only what came after it. Only ever called
   * with state whose events are durable, so a snapshot is never ahead of the journal.
   */
  writeSnapshot(seq: number, state: CutoverState, commands: CommandRuns): Promise<void>;
  close(): Promise<void>;
  /**
   * Present when other hubs append to the same night (the PostgreSQL store): an append may
   * then be refused with `SeqConflict`, and the runtime catches up through this.
   */
  readonly shared?: SharedLog;
}

/** What a store shared by several hubs offers besides appending. */
export interface SharedLog {
  /** The events stored after `seq` (by any hub), as stored JSON, contiguous from `seq + 1`. */
  readAfter(seq: number): Promise<string[]>;
  /** Called with a seq when another hub stored events up to it; answers a way to stop listening. */
  onAppended(listener: (seq: number) => void): () => void;
}

/**
 * An append refused because another hub stored those seqs first (or the same command id), or
 * because an append ahead of it was: nothing of it was stored. The runtime catches up and
 * decides the command again.
 */
export class SeqConflict extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SeqConflict';
  }
}

/** A journal that cannot be trusted past some point; the hub refuses to open it. */
export class JournalCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly line: number,
    readonly problem: string,
  ) {
    super(
      `Journal ${file} is corrupt at byte ${offset} (line ${line}): ${problem}. Nothing was changed; restore it from a backup (an exported archive of the night still opens offline, for the record).`,
    );
    this.name = 'JournalCorruptError';
  }
}

/**
 * A journal that is gone or empty (or holds not one whole record) in a folder that shows the
 * cutover had a history: opening it as a new cutover would let old invites into an empty
 * night. Refused, files untouched. `found` says what the journal is.
 */
export class JournalMissingError extends Error {
  constructor(
    readonly file: string,
    readonly evidence: string,
    found = 'is missing or empty',
  ) {
    super(
      `Journal ${file} ${found}, but ${evidence}, so this cutover had a history. Nothing was changed; restore journal.jsonl from a backup (an exported archive of the night still opens offline, for the record).`,
    );
    this.name = 'JournalMissingError';
  }
}

/** How a store names its parts in a SnapshotAheadError's sentence. */
export type SnapshotAheadWords = {
  /** The snapshot ("snapshot.json"). */
  snapshot: string;
  /** The events ("journal.jsonl"). */
  journal: string;
  /** What the events hold now, when not a count of them ("600 bytes, short of the 812 it held then"). */
  holds?: string;
  /** What an operator does to open the events as they are ("move snapshot.json aside"). */
  setAside: string;
};

/**
 * A snapshot taken at a seq the journal no longer reaches. A snapshot is only ever written
 * for events already durable, so this proves acknowledged events are missing (a journal
 * restored from an old backup, cut short or overwritten): opening at the lower seq would
 * reissue their seqs to other events. Refused, the snapshot and the journal left as found.
 */
export class SnapshotAheadError extends JournalMissingError {
  constructor(
    file: string,
    readonly snapshotSeq: number,
    readonly lastSeq: number,
    words: SnapshotAheadWords,
  ) {
    super(file, `${words.snapshot} was taken at event ${snapshotSeq}`);
    this.message =
      `Journal ${file}: ${words.snapshot} was taken at event ${snapshotSeq}; ${words.journal} holds only ${words.holds ?? lastSeq}: acknowledged events are missing. ` +
      `Nothing was changed; restore ${words.journal} from a backup (an exported archive of the night still opens offline, for the record). ` +
      `If ${words.journal} was restored from a backup on purpose, ${words.setAside} to open it as it is.`;
    this.name = 'SnapshotAheadError';
  }
}

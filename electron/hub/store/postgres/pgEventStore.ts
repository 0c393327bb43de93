import { crc32 } from 'node:zlib';
import type pg from 'pg';
import type { CutoverEvent, CutoverState } from '@shared/cutover';
import {
  JournalCorruptError,
  JournalMissingError,
  SeqConflict,
  SnapshotAheadError,
  type EventStore,
  type SharedLog,
  type Snapshot,
  type StoredHistory,
} from '../../journal/eventStore';
import { RecordSums } from '../../journal/recordSums';
import type { CommandRuns } from '../../journal/commandRuns';
import { leadingSeq } from '../../journal/records';
import { encodeSnapshot, isIntact, readCandidate, verifyCandidate } from '../../journal/snapshotFile';
import { dbProblem, isUniqueViolation } from './database';

type Pending = { raws: readonly string[]; first: number; resolve: () => void; reject: (e: Error) => void };

export type PgEventStoreOptions = {
  pool: pg.Pool;
  /** The store's URL without its password, for messages. */
  shown: string;
  cutoverId: string;
  /** This hub, so its own notices are told apart. */
  hubId: string;
  /**
   * The channel hubs announce stored events on (the schema's: channels.ts): `<cutover> <last
   * seq> <hub id>`; the events themselves are read from the table.
   */
  channel: string;
  /** Registers for other hubs' notices about this cutover. */
  listen: (listener: (seq: number, hubId: string) => void) => () => void;
  log?: (message: string) => void;
  /** What outside the events shows the cutover had a history (invites), if anything. */
  historyElsewhere?: string | null;
};

/** Events of a cutover in the database that cannot be trusted: refused as the file journal refuses a corrupt one. */
class StoredEventsCorrupt extends JournalCorruptError {
  constructor(where: string, seq: number, problem: string) {
    super(where, seq, seq, problem);
    this.message = `Events in ${where} are corrupt at seq ${seq}: ${problem}. Nothing was changed; restore the database from a backup (pg_dump); an exported archive of the night still opens offline, for the record.`;
  }
}

/**
 * A cutover's events in PostgreSQL (warroom_events: one row per event, its JSON as the file
 * journal holds it and its CRC-32). Appends that arrive while a transaction is in flight go
 * in the next one together (group commit); a commit returns once the WAL is flushed
 * (synchronous_commit on), and only then is anything acknowledged. Several hubs append to the
 * same cutover: the (cutover, seq) key and the command-id key decide who stored first, and the
 * loser's append is refused with SeqConflict, nothing of it stored.
 */
export class PgEventStore implements EventStore, SharedLog {
  readonly shared: SharedLog = this;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private sums = new RecordSums();
  /** The last seq stored, as far as this hub knows (its own commits and what it read). */
  private head = 0;
  /** The seq the next append must start at: `head` plus what is queued or being committed. */
  private next = 1;
  /** Events queued or being committed. */
  private pending = 0;
  private unlisten: (() => void) | null = null;
  private listeners = new Set<(seq: number) => void>();
  /** The highest seq another hub said it stored, heard from before the first read on. */
  private heard = 0;
  private snapshotting: Promise<void> = Promise.resolve();

  constructor(private readonly opts: PgEventStoreOptions) {}

  private get where(): string {
    return `${this.opts.shown} (warroom_events, cutover ${this.opts.cutoverId})`;
  }

  async open(): Promise<StoredHistory> {
    const { pool, cutoverId } = this.opts;
    // Listening before reading: a notice that comes between the read and the runtime's
    // subscription is kept in `heard` and handed over when it subscribes (no seam).
    this.unlisten = this.opts.listen((seq, hubId) => {
      if (hubId === this.opts.hubId) return;
      this.heard = Math.max(this.heard, seq);
      for (const l of this.listeners) l(seq);
    });
    // The snapshot before the events: another hub may append and snapshot between the two
    // reads, and a snapshot read after the events could then be past them, which would read as
    // events lost. Events are stored before any snapshot of them, so read this way round it
    // never is, unless they are truly gone.
    const { rows } = await pool.query<{ snapshot: string }>('SELECT snapshot FROM warroom_snapshots WHERE cutover = $1', [cutoverId]);
    const raws = await this.readRows(0);
    if (raws.length === 0 && this.opts.historyElsewhere) throw new JournalMissingError(this.where, this.opts.historyElsewhere);
    const snapshot = rows[0] ? await this.settleSnapshot(rows[0].snapshot, raws.length) : null;
    const events: CutoverEvent[] = [];
    for (let i = snapshot?.seq ?? 0; i < raws.length; i++) events.push(JSON.parse(raws[i]!) as CutoverEvent);
    return { raws, events, snapshot, recovered: null };
  }

  /** Reads the rows after `after`, checks each (contiguous seq, checksum) and counts it into the chain. */
  private async readRows(after: number): Promise<string[]> {
    const { rows } = await this.opts.pool.query<{ seq: string; crc: string; event: string }>(
      'SELECT seq, crc, event FROM warroom_events WHERE cutover = $1 AND seq > $2 ORDER BY seq',
      [this.opts.cutoverId, after],
    );
    const raws: string[] = [];
    let expect = after + 1;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expect) throw new StoredEventsCorrupt(this.where, expect, `seq ${expect} is missing (the next row is ${seq})`);
      const sum = crc32(row.event);
      if (sum !== Number(row.crc)) throw new StoredEventsCorrupt(this.where, seq, 'checksum mismatch');
      const inJson = leadingSeq(row.event) ?? (JSON.parse(row.event) as { seq?: unknown }).seq;
      if (inJson !== seq) throw new StoredEventsCorrupt(this.where, seq, `the event says seq ${String(inJson)}`);
      this.sums.push(sum);
      raws.push(row.event);
      expect++;
    }
    this.head = Math.max(this.head, after + raws.length);
    this.next = this.head + 1 + this.pending;
    return raws;
  }

  private async settleSnapshot(text: string, lastSeq: number): Promise<Snapshot | null> {
    const candidate = readCandidate(Buffer.from(text, 'utf8'));
    // Snapshots are written only for stored events: an intact one past them proves some were
    // lost (the events restored from an old backup, or deleted). Refused, its row kept.
    if (!('problem' in candidate) && candidate.seq > lastSeq && isIntact(candidate)) {
      throw new SnapshotAheadError(this.where, candidate.seq, lastSeq, {
        snapshot: 'the stored snapshot (warroom_snapshots)',
        journal: 'warroom_events',
        setAside: `copy this cutover's row out of warroom_snapshots and delete it`,
      });
    }
    const verdict = 'problem' in candidate ? candidate : verifyCandidate(candidate, lastSeq, (seq) => this.sums.chainAt(seq));
    if (!('problem' in verdict)) return verdict;
    // Only a shortcut: without it the state is folded from the events, as the file store does.
    await this.opts.pool.query('DELETE FROM warroom_snapshots WHERE cutover = $1', [this.opts.cutoverId]);
    this.opts.log?.(`the stored snapshot ${verdict.problem}: it was discarded and the state is folded from the events`);
    return null;
  }

  readAfter(seq: number): Promise<string[]> {
    if (seq !== this.head) return Promise.reject(new Error(`Catching up from seq ${seq}, but this hub holds up to ${this.head}`));
    return this.readRows(seq);
  }

  onAppended(listener: (seq: number) => void): () => void {
    this.listeners.add(listener);
    if (this.heard > this.head) queueMicrotask(() => this.listeners.has(listener) && listener(this.heard));
    return () => this.listeners.delete(listener);
  }

  append(raws: readonly string[]): Promise<void> {
    if (raws.length === 0) return Promise.resolve();
    const first = leadingSeq(raws[0]!) ?? (JSON.parse(raws[0]!) as { seq: number }).seq;
    // An append that does not follow what is stored and queued was decided on a state that
    // missed something (another hub's events, or an append ahead of it that was refused).
    if (first !== this.next) return Promise.reject(new SeqConflict(`seq ${first} does not follow ${this.next - 1}`));
    this.next += raws.length;
    this.pending += raws.length;
    return new Promise((resolve, reject) => {
      this.queue.push({ raws, first, resolve, reject });
      this.kick();
    });
  }

  /** Starts the flush loop unless it runs; an append that came as it was ending starts it again. */
  private kick(): void {
    if (this.flushing || this.queue.length === 0) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      this.kick();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      // Let writers whose last append just resolved queue their next one: one commit for all.
      await new Promise((r) => setImmediate(r));
      const batch = this.queue.splice(0);
      const raws = batch.flatMap((p) => p.raws);
      const first = batch[0]!.first;
      try {
        await this.commit(first, raws);
      } catch (e) {
        // Nothing of this batch is stored; what is queued behind it follows seqs that will not be.
        const refused = isUniqueViolation(e)
          ? new SeqConflict(`another hub stored seq ${first}–${first + raws.length - 1} (or one of these commands) first`)
          : new Error(`The store could not save the events: ${dbProblem(e, this.opts.shown)}`);
        const behind = new SeqConflict('an append ahead of this one was refused');
        const dropped = this.queue.splice(0);
        this.pending = 0;
        this.next = this.head + 1;
        for (const p of batch) p.reject(refused);
        for (const p of dropped) p.reject(behind);
        continue;
      }
      for (const raw of raws) this.sums.push(crc32(raw));
      this.head = first + raws.length - 1;
      this.pending -= raws.length;
      for (const p of batch) p.resolve();
    }
  }

  /**
   * One statement, so one round trip and one transaction: the events, their command ids (only
   * events that carry one have their JSON read) and the notice, which PostgreSQL delivers to
   * the listening hubs at commit, never before. Either unique key refusing fails all of it.
   */
  private async commit(first: number, raws: string[]): Promise<void> {
    const { pool, cutoverId, hubId } = this.opts;
    const seqs = raws.map((_, i) => first + i);
    const commanded = raws.flatMap((r, i) => (r.includes('"commandId":') ? [i] : []));
    await pool.query(
      `WITH stored AS (
         INSERT INTO warroom_events (cutover, seq, crc, event)
         SELECT $1, s, c, e FROM unnest($2::bigint[], $3::bigint[], $4::text[]) AS t(s, c, e)
         RETURNING seq
       ), applied AS (
         INSERT INTO warroom_commands (cutover, actor_id, command_id, first_seq)
         SELECT $1, j->'actor'->>'id', j->>'commandId', min(s)
         FROM unnest($5::bigint[], $6::text[]) AS t(s, e), LATERAL (SELECT e::jsonb AS j) AS x
         WHERE j ? 'commandId' GROUP BY 2, 3
         RETURNING 1
       )
       SELECT pg_notify($7, $8), (SELECT count(*) FROM stored) AS events, (SELECT count(*) FROM applied) AS commands`,
      [
        cutoverId,
        seqs,
        raws.map((r) => crc32(r)),
        raws,
        commanded.map((i) => seqs[i]!),
        commanded.map((i) => raws[i]!),
        this.opts.channel,
        `${cutoverId} ${first + raws.length - 1} ${hubId}`,
      ],
    );
  }

  writeSnapshot(seq: number, state: CutoverState, commands: CommandRuns): Promise<void> {
    if (seq > this.head) return Promise.reject(new Error(`Snapshot at seq ${seq} is ahead of the stored events (${this.head})`));
    const chain = this.sums.chainAt(seq);
    const write = this.snapshotting
      .catch(() => undefined)
      .then(async () => {
        const text = await encodeSnapshot(seq, chain, state, commands);
        // Several hubs may snapshot: the one furthest along stays.
        await this.opts.pool.query(
          `INSERT INTO warroom_snapshots (cutover, seq, snapshot) VALUES ($1, $2, $3)
           ON CONFLICT (cutover) DO UPDATE SET seq = excluded.seq, snapshot = excluded.snapshot WHERE warroom_snapshots.seq < excluded.seq`,
          [this.opts.cutoverId, seq, text],
        );
      });
    this.snapshotting = write;
    return write;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.snapshotting.catch(() => undefined);
    this.unlisten?.();
    this.listeners.clear();
  }
}

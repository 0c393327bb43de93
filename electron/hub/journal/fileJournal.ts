import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CutoverState } from '@shared/cutover';
import { fsyncDir, writeFileAtomic } from '../storage/atomicWrite';
import { JournalMissingError, type CommandIndex, type EventStore, type Snapshot, type StoredHistory } from './eventStore';
import { RecordSums } from './recordSums';
import { hex } from './records';
import { parseBefore, scanJournal } from './scan';
import { encodeSnapshot, readCandidate, verifyCandidate, type SnapshotCandidate } from './snapshotFile';
import { repairTail } from './tail';

type Pending = { data: string; count: number; resolve: () => void; reject: (e: Error) => void };

const JOURNAL = 'journal.jsonl';
const SNAPSHOT = 'snapshot.json';

export type FileJournalOptions = {
  /** Where the journal says what it repaired or set aside (the hub's log). */
  log?: (message: string) => void;
  /** What outside the journal shows the cutover had a history ("invites.json lists 4 invites"), if anything. */
  historyElsewhere?: string | null;
};

/**
 * The embedded event store: one JSON-lines file per cutover, fsync'd before anything is
 * acknowledged. Appends that arrive while a write is in flight are written and fsync'd
 * together (group commit), so durability costs one fsync per batch, not per event.
 */
export class FileJournal implements EventStore {
  private fh: FileHandle | null = null;
  private queue: Pending[] = [];
  private flushing = false;
  private failure: Error | null = null;
  private sums = new RecordSums();
  /** Records known to be on disk: no snapshot may reach past them. */
  private durable = 0;
  private snapshotting: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly opts: FileJournalOptions = {},
  ) {}

  get path(): string {
    return join(this.dir, JOURNAL);
  }

  async open(): Promise<StoredHistory> {
    await mkdir(this.dir, { recursive: true });
    const size = await sizeOf(this.path);
    if (!size) await this.refuseIfHadHistory();
    const candidate = await this.readSnapshotCandidate();
    const parseFrom = candidate && 'seq' in candidate ? candidate.seq : 0;
    const scan = size ? scanJournal(this.path, await readFile(this.path), parseFrom, this.sums) : null;
    const raws = scan?.raws ?? [];
    let recovered: StoredHistory['recovered'] = null;
    if (scan && (scan.cut.length > 0 || scan.keptTail > 0)) recovered = await this.repair(scan.end + scan.keptTail, scan.cut, scan.keptTail > 0);
    const snapshot = await this.settleSnapshot(candidate, raws.length);
    // Without the snapshot, the events it would have stood for are parsed after all.
    const parsedFrom = scan?.parsedFrom ?? 0;
    const before = snapshot ? [] : parseBefore(this.path, raws, parsedFrom);
    const events = [...before, ...(scan?.events ?? []).slice(snapshot ? snapshot.seq - parsedFrom : 0)];
    this.durable = raws.length;
    this.fh = await open(this.path, 'a', 0o600);
    if (!size) {
      await this.fh.sync();
      await fsyncDir(this.dir); // a new file's name must survive a crash too
    }
    return { raws, events, snapshot, recovered };
  }

  /** An empty journal beside a snapshot (or invites) is a lost history, not a new cutover. */
  private async refuseIfHadHistory(): Promise<void> {
    const evidence = this.opts.historyElsewhere ?? ((await sizeOf(join(this.dir, SNAPSHOT))) !== null ? `${SNAPSHOT} holds a state` : null);
    if (evidence) throw new JournalMissingError(this.path, evidence);
  }

  private async repair(cutAt: number, cut: Buffer, restoreNewline: boolean): Promise<StoredHistory['recovered']> {
    await repairTail(this.path, cutAt, cut, restoreNewline);
    if (restoreNewline) this.opts.log?.(`${JOURNAL}: the last record was whole but its newline was damaged; the record is kept`);
    if (cut.length === 0) return null;
    this.opts.log?.(
      `${JOURNAL}: ${cut.length} bytes after byte ${cutAt} were a torn write (never acknowledged); they were cut and kept as ${JOURNAL}.torn-${cutAt}`,
    );
    return { droppedBytes: cut.length, atOffset: cutAt };
  }

  private async readSnapshotCandidate(): Promise<SnapshotCandidate | { problem: string } | null> {
    try {
      return readCandidate(await readFile(join(this.dir, SNAPSHOT)));
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }

  /** Uses the snapshot if it checks out; otherwise moves it aside and says so. */
  private async settleSnapshot(candidate: SnapshotCandidate | { problem: string } | null, lastSeq: number): Promise<Snapshot | null> {
    if (!candidate) return null;
    const verdict = 'problem' in candidate ? candidate : verifyCandidate(candidate, lastSeq, (seq) => this.sums.chainAt(seq));
    if (!('problem' in verdict)) return verdict;
    const aside = `${SNAPSHOT}.discarded`;
    await rename(join(this.dir, SNAPSHOT), join(this.dir, aside)).catch(() => undefined);
    this.opts.log?.(`${SNAPSHOT} ${verdict.problem}: it was discarded (moved to ${aside}) and the state is folded from the journal`);
    return null;
  }

  append(raws: readonly string[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.fh) return Promise.reject(new Error('Journal is not open'));
    let data = '';
    for (const raw of raws) {
      const sum = crc32(raw);
      this.sums.push(sum);
      data += `{"c":"${hex(sum)}","r":${raw}}\n`;
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ data, count: raws.length, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0 && this.fh) {
      // Let writers whose last append just resolved queue their next one, so a batch
      // gathers everyone instead of alternating between one straggler and the rest.
      await new Promise((r) => setImmediate(r));
      const batch = this.queue.splice(0);
      try {
        await this.fh.appendFile(batch.map((p) => p.data).join(''));
        await this.fh.datasync();
        for (const p of batch) this.durable += p.count;
        for (const p of batch) p.resolve();
      } catch (e) {
        // After a failed write the file's tail is unknown: refuse everything from now on.
        this.failure = new Error(`Journal write failed: ${(e as Error).message}`);
        for (const p of [...batch, ...this.queue.splice(0)]) p.reject(this.failure);
      }
    }
    this.flushing = false;
  }

  writeSnapshot(seq: number, state: CutoverState, commands: CommandIndex): Promise<void> {
    // A snapshot ahead of the durable journal could outlive the events it folded (power loss).
    if (seq > this.durable) return Promise.reject(new Error(`Snapshot at seq ${seq} is ahead of the durable journal (${this.durable})`));
    // Encoded now, from what the caller hands over; written one at a time, in order.
    const text = encodeSnapshot(seq, this.sums.chainAt(seq), state, commands);
    const write = this.snapshotting.catch(() => undefined).then(() => writeFileAtomic(join(this.dir, SNAPSHOT), text));
    this.snapshotting = write;
    return write;
  }

  async close(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 1));
    await this.snapshotting.catch(() => undefined);
    await this.fh?.close();
    this.fh = null;
  }
}

/** The file's size, or null when there is none. */
async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

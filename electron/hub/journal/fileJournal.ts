import { constants, fdatasyncSync, ftruncateSync, writeSync } from 'node:fs';
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CutoverState } from '@shared/cutover';
import { stageTimes } from '../stageTimes';
import { fsyncDir, writeFileAtomic } from '../storage/atomicWrite';
import { JournalMissingError, SnapshotAheadError, type EventStore, type OpenOptions, type Snapshot, type StoredHistory } from './eventStore';
import type { PendingSums } from './checksumsAside';
import type { CommandRuns } from './commandRuns';
import { ByteChain, type ByteMark } from './byteChain';
import { RecordSums } from './recordSums';
import { encodeRecord } from './records';
import { parsedEvents, scanJournal, type Scan } from './scan';
import { encodeFileSnapshot, isIntact, readCandidate, verifyCandidate, verifyFileCandidate, type SnapshotCandidate } from './snapshotFile';
import { storedRaws } from './storedRaws';
import { repairTail } from './tail';
import { WritePlace } from './writePlace';

/** `first`: the first event's JSON, by which the bench's stage clock follows it (stageTimes.ts). */
type Pending = { data: string; count: number; first: string | undefined; resolve: () => void; reject: (e: Error) => void };

const JOURNAL = 'journal.jsonl';
/**
 * On Linux the journal is opened O_DSYNC: each write returns only once its bytes are as
 * durable as an fdatasync would make them, in one system call instead of two (a write, then
 * a datasync). In the thread pool each call is a trip: a wake-up of a pool thread and then of
 * the event loop, and on a busy machine every wake-up can wait for a core. While the disk is
 * quick the write is made on the event loop instead, with no trip at all (writePlace.ts).
 * Elsewhere each batch is written, then datasync'd (on macOS libuv's datasync is
 * F_FULLFSYNC, which O_DSYNC is not).
 */
export const O_DSYNC: number | undefined = process.platform === 'linux' ? constants.O_DSYNC : undefined;
export const APPEND_FLAGS = O_DSYNC ? constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_DSYNC : 'a';
const SNAPSHOT = 'snapshot.json';

export type FileJournalOptions = {
  /** Where the journal says what it repaired or set aside (the hub's log). */
  log?: (message: string) => void;
  /** What outside the journal shows the cutover had a history ("invites.json lists 4 invites"), if anything. */
  historyElsewhere?: string | null;
  /** From how many bytes of journal on the checksums are taken on a worker thread when the caller folds meanwhile (CHECK_ASIDE_FROM). */
  checkAsideFrom?: number;
  /** How long a write may take before the writes leave the event loop for the thread pool (writePlace.ts, SLOW_WRITE_MS). */
  slowWriteMs?: number;
};

/**
 * Bytes of records left to check from which their checksums are taken on a worker thread. One
 * takes some 25 ms to start (beside the fold), while 4 MB of records (some 13,000) take about
 * 4 ms to check here: below this, they are checked on opening.
 */
const CHECK_ASIDE_FROM = 4 * 1024 * 1024;

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
  /** The file's running CRC by record, which each snapshot carries. */
  private chain = new ByteChain(0, 0, 0);
  /** Records known to be on disk: no snapshot may reach past them. */
  private durable = 0;
  /** The file's length after its last durable record: a write that failed is cut back to it. */
  private length = 0;
  private snapshotting: Promise<void> = Promise.resolve();
  /** Set from a batch's acknowledgement to the next turn of the event loop: the writers it woke may append again meanwhile. */
  private woken = false;
  /** Stops the checks opening left running, if they still are. */
  private stopChecking: (() => void) | null = null;
  private readonly place: WritePlace;

  constructor(
    readonly dir: string,
    private readonly opts: FileJournalOptions = {},
  ) {
    this.place = new WritePlace(opts.slowWriteMs, (m) => opts.log?.(`${this.path}: ${m}`));
  }

  get path(): string {
    return join(this.dir, JOURNAL);
  }

  async open(opts: OpenOptions = {}): Promise<StoredHistory> {
    await mkdir(this.dir, { recursive: true });
    const size = await sizeOf(this.path);
    if (!size) await this.refuseIfHadHistory();
    // Checksums are taken aside (checksumsAside.ts) only for a caller that folds meanwhile, and
    // only when there are many to take: read where a worker can see the bytes if there may be.
    const asideFrom = this.opts.checkAsideFrom ?? CHECK_ASIDE_FROM;
    const shared = !!opts.foldWhileChecking && size !== null && size >= asideFrom;
    const [candidate, buf] = await Promise.all([this.readSnapshotCandidate(), size ? readWhole(this.path, shared) : null]);
    // A snapshot of the file's own format checks out against the bytes before the journal is
    // scanned: then the records it covers are not looked at again (snapshotFile.ts).
    const fileSnapshot = candidate && 'tie' in candidate && candidate.tie === 'bytes' ? candidate : null;
    const early = fileSnapshot && buf ? verifyFileCandidate(fileSnapshot, buf) : null;
    const verified = early && !('problem' in early) && fileSnapshot ? { snapshot: early, seq: early.seq, bytes: fileSnapshot.bytes } : null;
    // Each record's checksum is kept only for a snapshot of the old format, which is chained to them.
    const sums = candidate && 'tie' in candidate && candidate.tie === 'chain' ? new RecordSums() : null;
    const aside = shared && !!buf && buf.length - (verified?.bytes ?? 0) >= asideFrom;
    const scan = buf ? scanJournal(this.path, buf, sums, verified, aside) : null;
    const count = scan?.records.length ?? 0;
    const checked = scan && buf && scan.pending ? this.checkAside(scan.pending, buf, verified?.seq ?? 0) : undefined;
    if (scan && buf && !verified) {
      // Before any repair: a journal that is then refused is left exactly as it was found.
      const ahead = this.snapshotAhead(candidate, count, wholeBytes(scan));
      if (ahead) {
        await checked;
        throw ahead;
      }
      // Not one whole record (all of it zeros, say) is no more a new cutover than an empty file.
      if (count === 0) await this.refuseIfHadHistory(`holds no whole record (${buf.length} bytes, none of them a record)`);
    }
    let recovered: StoredHistory['recovered'] = null;
    if (scan && (scan.cut.length > 0 || scan.keptTail > 0)) {
      // Nothing is changed in a journal that is then refused.
      await checked;
      recovered = await this.repair(scan.end + scan.keptTail, scan.cut, scan.keptTail > 0);
    }
    const snapshot = verified?.snapshot ?? (await this.settleSnapshot(candidate, early, count, sums, checked));
    const events = scan ? parsedEvents(this.path, scan.records, snapshot?.seq ?? 0) : [];
    const raws = scan ? storedRaws(scan.records) : [];
    if (scan && buf) this.chain = chainAfter(scan, buf, verified && fileSnapshot ? { bytes: fileSnapshot.bytes, crc: fileSnapshot.journal } : null);
    this.durable = count;
    this.fh = await open(this.path, APPEND_FLAGS, 0o600);
    this.length = (await this.fh.stat()).size;
    if (!size) {
      await this.fh.sync();
      await fsyncDir(this.dir); // a new file's name must survive a crash too
    }
    return { raws, events, snapshot, recovered, ...(checked ? { checked } : {}) };
  }

  /** The checksums left to take (scanJournal's `aside`), taken on a worker thread (checksumsAside.ts). */
  private checkAside(pending: PendingSums, buf: Buffer, before: number): Promise<void> {
    const { verdict, stop } = pending.firstMismatchAside(buf);
    this.stopChecking = stop;
    const checked = verdict.then((i) => {
      this.stopChecking = null;
      if (i >= 0) throw pending.mismatchError(this.path, i, before);
    });
    // Awaited by whoever folds the events; a caller that never does must not bring the process down.
    checked.catch(() => undefined);
    return checked;
  }

  /** An empty journal beside a snapshot (or invites) is a lost history, not a new cutover. `found`: what the journal is, if not missing or empty. */
  private async refuseIfHadHistory(found?: string): Promise<void> {
    const evidence = this.opts.historyElsewhere ?? ((await sizeOf(join(this.dir, SNAPSHOT))) !== null ? `${SNAPSHOT} holds a state` : null);
    if (evidence) throw new JournalMissingError(this.path, evidence, found);
  }

  /**
   * The refusal owed when the snapshot reaches past the journal's whole records: by seq, or by
   * the bytes a file snapshot was taken after. A snapshot is written only for durable events,
   * so that proves acknowledged events are missing; it is never discarded for it. A snapshot
   * that fails its own checks proves nothing, and is settled as any damaged one.
   */
  private snapshotAhead(candidate: SnapshotCandidate | { problem: string } | null, count: number, bytes: number): SnapshotAheadError | null {
    if (!candidate || 'problem' in candidate) return null;
    const bytesShort = candidate.tie === 'bytes' && candidate.bytes > bytes;
    if ((candidate.seq <= count && !bytesShort) || !isIntact(candidate)) return null;
    const holds = candidate.seq <= count && candidate.tie === 'bytes' ? `${bytes} bytes of records, short of the ${candidate.bytes} it held then` : undefined;
    return new SnapshotAheadError(this.path, candidate.seq, count, {
      snapshot: SNAPSHOT,
      journal: JOURNAL,
      setAside: `move ${SNAPSHOT} aside`,
      ...(holds ? { holds } : {}),
    });
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
      return readCandidate(await readWhole(join(this.dir, SNAPSHOT)));
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
    }
  }

  /**
   * Uses the snapshot if it checks out; otherwise moves it aside and says so (one that is
   * intact yet ahead of the journal was refused before: snapshotAhead). `early` is what
   * checking a file snapshot against the bytes found, before the journal was scanned.
   * `checked`: checks still running on the journal, which must hold before a snapshot is
   * moved aside (a flipped byte in the bytes it covers fails it too, and a journal refused
   * is left exactly as it was found).
   */
  private async settleSnapshot(
    candidate: SnapshotCandidate | { problem: string } | null,
    early: Snapshot | { problem: string } | null,
    lastSeq: number,
    sums: RecordSums | null,
    checked: Promise<void> | undefined,
  ): Promise<Snapshot | null> {
    if (!candidate) return null;
    const verdict =
      'problem' in candidate
        ? candidate
        : candidate.seq > lastSeq
          ? { problem: `is at seq ${candidate.seq}, beyond the journal's last (${lastSeq})` }
          : (early ?? verifyCandidate(candidate, lastSeq, (seq) => sums?.chainAt(seq) ?? ''));
    if (!('problem' in verdict)) return verdict;
    await checked;
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
      const line = encodeRecord(raw);
      this.chain.push(line);
      data += line;
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ data, count: raws.length, first: raws[0], resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0 && this.fh) {
      // Writers whose last append just resolved may be about to queue their next one: let
      // them, so a batch gathers everyone instead of alternating between one straggler and
      // the rest. An append after a quiet moment (a crew member's command) is written at
      // once: waiting a turn of the event loop for it cost ~0.1 ms at the median (bench:sync).
      if (this.woken) await new Promise((r) => setImmediate(r));
      const batch = this.queue.splice(0);
      try {
        const text = batch.length === 1 ? batch[0]!.data : batch.map((p) => p.data).join('');
        const firsts = stageTimes && batch.map((p) => p.first);
        const started = performance.now();
        const onLoop = this.place.onLoop;
        if (onLoop) writeAll(this.fh.fd, text);
        else await this.fh.appendFile(text);
        if (firsts) stageTimes?.stamp(firsts, 'written');
        if (!O_DSYNC && onLoop) fdatasyncSync(this.fh.fd);
        else if (!O_DSYNC) await this.fh.datasync();
        const ended = performance.now();
        this.place.took(ended - started, ended);
        if (firsts) stageTimes?.stamp(firsts, 'fsynced');
        this.length += Buffer.byteLength(text);
        for (const p of batch) this.durable += p.count;
        for (const p of batch) p.resolve();
        this.woken = true;
        setImmediate(() => (this.woken = false));
      } catch (e) {
        // After a failed write the file's tail is unknown: refuse everything from now on.
        this.failure = new Error(`Journal write failed: ${(e as Error).message}`);
        this.cutBack();
        for (const p of [...batch, ...this.queue.splice(0)]) p.reject(this.failure);
      }
    }
    this.flushing = false;
  }

  /**
   * Cuts the file back to its last durable record after a failed write. A write that does
   * not fit (a full disk) writes what fits, whole records among it, and those would come back
   * at the next opening as events of commands whose senders were told they were refused.
   * If even this fails, the next opening finds at most those records, and a torn one after
   * them (tail.ts); it is said in the log.
   */
  private cutBack(): void {
    if (!this.fh) return;
    try {
      ftruncateSync(this.fh.fd, this.length);
      fdatasyncSync(this.fh.fd);
    } catch (e) {
      this.opts.log?.(
        `${JOURNAL}: a failed write could not be cut back to byte ${this.length} (${(e as Error).message}); what it wrote may be read at the next opening`,
      );
    }
  }

  writeSnapshot(seq: number, state: CutoverState, commands: CommandRuns): Promise<void> {
    // A snapshot ahead of the durable journal could outlive the events it folded (power loss).
    if (seq > this.durable) return Promise.reject(new Error(`Snapshot at seq ${seq} is ahead of the durable journal (${this.durable})`));
    // Where the journal stood at `seq`, taken now; the snapshot is encoded from what the caller
    // handed over, a slice at a time, and written one at a time, in order.
    let at: ByteMark;
    try {
      at = this.chain.at(seq);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    const write = this.snapshotting
      .catch(() => undefined)
      .then(async () => writeFileAtomic(join(this.dir, SNAPSHOT), await encodeFileSnapshot(seq, at, state, commands)));
    this.snapshotting = write;
    return write;
  }

  async close(): Promise<void> {
    this.stopChecking?.();
    while (this.flushing) await new Promise((r) => setTimeout(r, 1));
    await this.snapshotting.catch(() => undefined);
    await this.fh?.close();
    this.fh = null;
  }
}

/**
 * One batch, written on the event loop (WritePlace says when). A short write is carried on
 * from where it stopped, as appendFile does; an error leaves the tail unknown.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
}

const NEWLINE = Buffer.from('\n');

/** How long the file is up to its last whole record, as it will stand once opened (a kept last record gets its newline back). */
function wholeBytes({ end, keptTail }: Scan): number {
  return end + (keptTail > 0 ? keptTail + 1 : 0);
}

/**
 * The running CRC as the file stands after opening (a kept last record got its newline
 * back), worked out when the first snapshot asks: from where a verified snapshot left it,
 * or over the whole file.
 */
function chainAfter(scan: Scan, buf: Buffer, from: { bytes: number; crc: number } | null): ByteChain {
  const { end, keptTail } = scan;
  return new ByteChain(scan.records.length, wholeBytes(scan), () => {
    let c = from ? crc32(buf.subarray(from.bytes, end), from.crc) : crc32(buf.subarray(0, end));
    if (keptTail > 0) c = crc32(NEWLINE, crc32(buf.subarray(end, end + keptTail), c));
    return c;
  });
}

/**
 * A whole file in one read where the OS allows it: readFile reads in 512 KB pieces, each a
 * trip to the thread pool and back, which for a long night's journal was sixty of them.
 * `shared`: in memory a worker thread can read too (checksumsAside.ts).
 */
async function readWhole(path: string, shared = false): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = shared ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await fh.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return buf.subarray(0, at);
  } finally {
    await fh.close();
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

import { mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CutoverEvent, CutoverState } from '../../../shared/cutover';
import { JournalCorruptError, type EventStore, type StoredHistory } from './eventStore';
import { fsyncDir, writeFileAtomic } from './fsync';
import { decodeRecord, encodeRecord } from './records';

type Pending = { data: string; resolve: () => void; reject: (e: Error) => void };

const JOURNAL = 'journal.jsonl';
const SNAPSHOT = 'snapshot.json';

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

  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, JOURNAL);
  }

  async open(): Promise<StoredHistory> {
    await mkdir(this.dir, { recursive: true });
    const created = !(await exists(this.path));
    const { raws, events, recovered } = created ? { raws: [], events: [], recovered: null } : await this.readAndRepair();
    this.fh = await open(this.path, 'a', 0o600);
    if (created) {
      await this.fh.sync();
      await fsyncDir(this.dir); // the new file's name must survive a crash too
    }
    return { raws, events, snapshot: await this.readSnapshot(raws.length), recovered };
  }

  private async readAndRepair(): Promise<Omit<StoredHistory, 'snapshot'>> {
    const buf = await readFile(this.path);
    const end = buf.lastIndexOf(10) + 1; // everything after the last newline is a torn write
    const lines = buf.subarray(0, end).toString('utf8').split('\n');
    lines.pop(); // the empty string after the final newline
    const raws: string[] = [];
    const events: CutoverEvent[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const rec = decodeRecord(line);
      const problem = !rec.ok ? rec.problem : rec.seq !== i + 1 ? `expected seq ${i + 1}, found ${rec.seq}` : null;
      if (problem) throw new JournalCorruptError(this.path, byteOffset(lines, i), i + 1, problem);
      if (rec.ok) {
        raws.push(rec.raw);
        events.push(rec.event as CutoverEvent);
      }
    }
    let recovered: StoredHistory['recovered'] = null;
    if (end < buf.length) {
      // The record being written when the hub died: never fsync'd, so never acknowledged.
      const fh = await open(this.path, 'r+');
      try {
        await fh.truncate(end);
        await fh.sync();
      } finally {
        await fh.close();
      }
      recovered = { droppedBytes: buf.length - end, atOffset: end };
    }
    return { raws, events, recovered };
  }

  private async readSnapshot(lastSeq: number): Promise<StoredHistory['snapshot']> {
    try {
      const snap = JSON.parse(await readFile(join(this.dir, SNAPSHOT), 'utf8')) as { seq?: unknown; state?: unknown };
      // A snapshot from beyond the journal's end belongs to some other history: ignore it.
      if (typeof snap.seq !== 'number' || snap.seq > lastSeq || typeof snap.state !== 'object' || snap.state === null) return null;
      return { seq: snap.seq, state: snap.state as CutoverState };
    } catch {
      return null; // no snapshot, or a damaged one: folding from the start is always correct
    }
  }

  append(raws: readonly string[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.fh) return Promise.reject(new Error('Journal is not open'));
    return new Promise((resolve, reject) => {
      this.queue.push({ data: raws.map(encodeRecord).join(''), resolve, reject });
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
        for (const p of batch) p.resolve();
      } catch (e) {
        // After a failed write the file's tail is unknown: refuse everything from now on.
        this.failure = new Error(`Journal write failed: ${(e as Error).message}`);
        for (const p of [...batch, ...this.queue.splice(0)]) p.reject(this.failure);
      }
    }
    this.flushing = false;
  }

  async writeSnapshot(seq: number, state: CutoverState): Promise<void> {
    await writeFileAtomic(join(this.dir, SNAPSHOT), JSON.stringify({ seq, state }));
  }

  async close(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 1));
    await this.fh?.close();
    this.fh = null;
  }
}

/** Where line `index` starts in the file; computed only when reporting corruption. */
function byteOffset(lines: string[], index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += Buffer.byteLength(lines[i]!) + 1;
  return offset;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

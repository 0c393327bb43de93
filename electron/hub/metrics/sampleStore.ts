import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SampleBatchSchema, type SampleBatch } from '@shared/metrics';
import { checksum } from '../journal/records';

const SAMPLES = 'samples.jsonl';
const PREFIX_LEN = '{"c":"00000000","r":'.length;

/**
 * A cutover's metric samples: batches of points per series, one JSON line each with a
 * checksum (the journal's framing), beside the event journal. Samples are not events: a
 * night at 1 Hz over 10 series is 300,000 points, and one event each would drown the
 * timeline. A batch is appended every few seconds; losing the last few seconds to a crash
 * is acceptable for a chart, so appends are not fsync'd one by one, and a torn or damaged
 * line is skipped on reading rather than refusing the whole night.
 */
export class SampleStore {
  private fh: FileHandle | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, SAMPLES);
  }

  /**
   * Every stored batch, in the order written, handed over one line at a time: the file is
   * the full record and may be far larger than what the hub keeps in memory, so it is never
   * read whole. Damaged lines are counted and skipped.
   */
  async read(onBatch: (batch: SampleBatch) => void): Promise<{ skipped: number }> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r');
    } catch {
      return { skipped: 0 };
    }
    let skipped = 0;
    try {
      for await (const line of fh.readLines({ encoding: 'utf8' })) {
        if (line === '') continue;
        const raw = line.slice(PREFIX_LEN, -1);
        const parsed = line.slice(6, 14) === checksum(raw) ? safeParse(raw) : null;
        if (parsed) onBatch(parsed);
        else skipped++;
      }
    } finally {
      await fh.close().catch(() => undefined);
    }
    return { skipped };
  }

  /**
   * The full record of every series in the file, once every batch appended so far is written,
   * in batches of at most `batchSize` readings. Held whole while it is built: for the archive.
   */
  async collect(batchSize: number): Promise<SampleBatch[]> {
    await this.writing.catch(() => undefined);
    const all = new Map<string, { t: number[]; v: number[] }>();
    await this.read((b) => {
      let into = all.get(b.s);
      if (!into) all.set(b.s, (into = { t: [], v: [] }));
      for (let i = 0; i < Math.min(b.t.length, b.v.length); i++) {
        into.t.push(b.t[i]!);
        into.v.push(b.v[i]!);
      }
    });
    const out: SampleBatch[] = [];
    for (const [s, { t, v }] of all) {
      for (let i = 0; i < t.length; i += batchSize) out.push({ s, t: t.slice(i, i + batchSize), v: v.slice(i, i + batchSize) });
    }
    return out;
  }

  /** Appends batches; writes are serialised so lines never interleave. */
  append(batches: readonly SampleBatch[]): Promise<void> {
    if (batches.length === 0) return this.writing;
    const data = batches
      .map((b) => {
        const raw = JSON.stringify(b);
        return `{"c":"${checksum(raw)}","r":${raw}}\n`;
      })
      .join('');
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        this.fh ??= await open(this.path, 'a', 0o600);
        await this.fh.write(data);
      });
    return this.writing;
  }

  async close(): Promise<void> {
    await this.writing.catch(() => undefined);
    if (this.fh) {
      await this.fh.sync().catch(() => undefined);
      await this.fh.close();
      this.fh = null;
    }
  }
}

function safeParse(raw: string): SampleBatch | null {
  try {
    const r = SampleBatchSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

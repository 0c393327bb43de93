import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SampleBatchSchema, type SampleBatch } from '../../../shared/metrics';
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

  /** Every stored batch, in the order written; damaged lines are counted and skipped. */
  async readAll(): Promise<{ batches: SampleBatch[]; skipped: number }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return { batches: [], skipped: 0 };
    }
    const batches: SampleBatch[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const raw = line.slice(PREFIX_LEN, -1);
      const parsed = line.slice(6, 14) === checksum(raw) ? safeParse(raw) : null;
      if (parsed) batches.push(parsed);
      else skipped++;
    }
    return { batches, skipped };
  }

  /** Appends batches; writes are serialised so lines never interleave. */
  append(batches: readonly SampleBatch[]): Promise<void> {
    if (batches.length === 0) return this.writing;
    const data = batches.map((b) => {
      const raw = JSON.stringify(b);
      return `{"c":"${checksum(raw)}","r":${raw}}\n`;
    }).join('');
    this.writing = this.writing.catch(() => undefined).then(async () => {
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

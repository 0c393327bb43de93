import { PREFIX_LEN } from './records';

/*
 * `buf[start, end)` as UTF-8, by the Buffer's own slice where it has one (Node's, and so
 * Electron's, always has). `toString('utf8', start, end)` first checks its encoding and bounds
 * in JavaScript: once per event, that was 7% of opening a 100,000-event journal without a
 * snapshot (its `slice` frame in bench:journal's profile), and reading the events by the
 * slice read 6% faster (four pairs of processes, five reopens each: per-process medians
 * 314, 316, 331, 358 ms against 325, 356, 335, 396). The bounds are the scan's own.
 */
type WithUtf8Slice = Buffer & { utf8Slice?: (start: number, end: number) => string };
const utf8 = (buf: WithUtf8Slice, start: number, end: number): string =>
  typeof buf.utf8Slice === 'function' ? buf.utf8Slice(start, end) : buf.toString('utf8', start, end);

/**
 * Where each record's event JSON lies in the journal's bytes as read on opening. Records a
 * verified snapshot covers (the first `covered`, in the first `coveredBytes` bytes) were not
 * scanned, so where they lie is found only if one of them is read: the first and the last
 * directly, any other by one pass over those bytes' newlines, the first time it is needed
 * (a client catching up from far back, the archive).
 */
export class RecordIndex {
  private starts: number[] = [];
  private ends: number[] = [];
  private coveredStarts: number[] | null = null;

  constructor(
    readonly buf: Buffer,
    private readonly covered = 0,
    private readonly coveredBytes = 0,
  ) {}

  get length(): number {
    return this.covered + this.starts.length;
  }

  /** Adds the next record, scanned: its event JSON is `buf[start, end)`. */
  add(start: number, end: number): void {
    this.starts.push(start);
    this.ends.push(end);
  }

  /** Forgets the last `n` records scanned (an append cut short: scan.ts). */
  dropLast(n: number): void {
    this.starts.length -= n;
    this.ends.length -= n;
  }

  /** Record i's event JSON, decoded. */
  raw(i: number): string {
    const start = this.start(i);
    // A record's JSON ends before the `}` and newline that close its line.
    const end = i < this.covered ? this.lineEnd(i) - 2 : this.ends[i - this.covered]!;
    return utf8(this.buf, start, end);
  }

  /** Where record i's line starts, to name it in an error. */
  lineStart(i: number): number {
    return this.start(i) - PREFIX_LEN;
  }

  private start(i: number): number {
    if (i >= this.covered) return this.starts[i - this.covered]!;
    if (i === 0) return PREFIX_LEN;
    if (i === this.covered - 1 && !this.coveredStarts) return this.buf.lastIndexOf(10, this.coveredBytes - 2) + 1 + PREFIX_LEN;
    return this.coveredLines()[i]! + PREFIX_LEN;
  }

  /** Where record i's line ends, its newline included (i covered). */
  private lineEnd(i: number): number {
    if (i === this.covered - 1) return this.coveredBytes;
    if (i === 0 && !this.coveredStarts) return this.buf.indexOf(10) + 1;
    return this.coveredLines()[i + 1]!;
  }

  private coveredLines(): number[] {
    if (this.coveredStarts) return this.coveredStarts;
    const starts = [0];
    for (let nl = this.buf.indexOf(10); nl !== -1 && nl + 1 < this.coveredBytes; nl = this.buf.indexOf(10, nl + 1)) starts.push(nl + 1);
    return (this.coveredStarts = starts);
  }
}

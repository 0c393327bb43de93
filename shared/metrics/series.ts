import type { Point, SampleBatch } from './schema';
import { sliceRange } from './downsample';

/*
 * One series' readings in memory, on the hub and in the renderer alike. Two Float64Array
 * columns that double when full: 8 hours at 1 Hz is 28,800 points, 460 kB, and about fifteen
 * reallocations over the night instead of an object per point for the collector to chase.
 */

const INITIAL_CAPACITY = 1024;

export class SeriesBuffer {
  private t: Float64Array;
  private v: Float64Array;
  private n = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    const c = Math.max(1, Math.floor(capacity));
    this.t = new Float64Array(c);
    this.v = new Float64Array(c);
  }

  get length(): number {
    return this.n;
  }

  /**
   * Adds one reading. Returns false, and keeps nothing, for a reading older than the last
   * one (a late push, a retried batch): the columns stay sorted so windows are a binary search.
   * Nor is the last reading kept again (the same time and value): a retried batch ends with it,
   * and a client that joins between a push and the hub's next flush gets it both in its history
   * and in that flush. Another value at the same instant is a reading of its own.
   */
  append(t: number, v: number): boolean {
    if (!Number.isFinite(t)) return false;
    if (this.n > 0) {
      const lastT = this.t[this.n - 1]!;
      if (t < lastT || (t === lastT && Object.is(v, this.v[this.n - 1]))) return false;
    }
    if (this.n === this.t.length) this.grow();
    this.t[this.n] = t;
    this.v[this.n] = v;
    this.n++;
    return true;
  }

  /** Adds a batch's readings in order; returns how many were kept. */
  appendBatch(b: SampleBatch): number {
    const count = Math.min(b.t.length, b.v.length);
    let kept = 0;
    for (let i = 0; i < count; i++) if (this.append(b.t[i]!, b.v[i]!)) kept++;
    return kept;
  }

  /**
   * The times, as a view (no copy). A view is a snapshot of the length: it does not see later
   * appends, and after the buffer grows it still reads the old, no longer updated, storage.
   */
  times(): Float64Array {
    return this.t.subarray(0, this.n);
  }

  /** The values, as a view; the same caveats as `times()`. */
  values(): Float64Array {
    return this.v.subarray(0, this.n);
  }

  last(): Point | null {
    return this.n === 0 ? null : { t: this.t[this.n - 1]!, v: this.v[this.n - 1]! };
  }

  /** Views of the readings at or after `from`. */
  window(from: number): { t: Float64Array; v: Float64Array } {
    // Search the filled part only: the spare capacity holds zeros, which would break the order.
    const t = this.times();
    const v = this.values();
    const { start } = sliceRange(t, v, from, Number.POSITIVE_INFINITY);
    return { t: t.subarray(start), v: v.subarray(start) };
  }

  /** The readings at or after `from` as points, the shape `forecast()` takes. */
  pointsSince(from: number): Point[] {
    const w = this.window(from);
    const out = new Array<Point>(w.t.length);
    for (let i = 0; i < w.t.length; i++) out[i] = { t: w.t[i]!, v: w.v[i]! };
    return out;
  }

  private grow(): void {
    const t = new Float64Array(this.t.length * 2);
    const v = new Float64Array(this.v.length * 2);
    t.set(this.t);
    v.set(this.v);
    this.t = t;
    this.v = v;
  }
}

/**
 * Where the journal makes its next write: on the event loop (a synchronous write), or in
 * libuv's thread pool.
 *
 * A write in the pool costs two wake-ups on top of the disk: a pool thread's, then the event
 * loop's. On a busy 2-core machine each can wait for a core, and the pool is shared with DNS
 * lookups, zlib and crypto, so four slow lookups hold every write behind them. bench:sync
 * measured a command's decided → written stage at p99 1.5 to 2 ms through the pool, and
 * 0.5 ms on the loop, where one O_DSYNC write of a batch takes about 0.15 ms by itself.
 *
 * A write on the loop blocks everything else the hub does while it lasts, so it is made
 * there only while the disk answers quickly. A slow disk (SLOW_RUN writes in a row of
 * SLOW_WRITE_MS or more: an HDD's flush, macOS's F_FULLFSYNC) or one stalled write (ten
 * times that) sends the writes after it to the pool. One slow write alone does not: on a busy
 * machine a write's time includes waiting for a core, and a 2-core VM under load showed
 * 4 ms now and then. The writes come back to the loop after a run of quick ones; each return
 * asks for a longer run, so a disk that stalls now and then is soon left in the pool. The
 * price is what was written on the loop before the switch: one stall, or a few slow writes.
 */
export const SLOW_WRITE_MS = 2;
/** Slow writes in a row that make a slow disk. */
export const SLOW_RUN = 3;
/** A write this many times SLOW_WRITE_MS is a stall: the writes after it go to the pool at once. */
export const STALL_FACTOR = 10;
/** Quick writes in a row, in the pool, before the first return to the loop. */
export const FIRST_CALM_RUN = 100;
/** The longest run asked for: a return after a relapse waits for twice as many. */
export const LONGEST_CALM_RUN = 10_000;

export class WritePlace {
  private pooled = false;
  private slowRun = 0;
  private calmRun = 0;
  private calmNeeded = FIRST_CALM_RUN;

  constructor(
    private readonly slowMs = SLOW_WRITE_MS,
    /** Told each time writes move, with why (the hub's log). */
    private readonly moved: (message: string) => void = () => undefined,
  ) {}

  /** True while the next write is to be made on the event loop. */
  get onLoop(): boolean {
    return !this.pooled;
  }

  /** How long the write just made took, from its start to its bytes being durable, wherever it was made. */
  took(ms: number): void {
    const slow = ms >= this.slowMs;
    if (this.pooled) return this.tookInPool(slow);
    this.slowRun = slow ? this.slowRun + 1 : 0;
    const stalled = ms >= this.slowMs * STALL_FACTOR;
    if (!stalled && this.slowRun < SLOW_RUN) return;
    const why = stalled
      ? `a journal write took ${ms.toFixed(1)} ms`
      : `${SLOW_RUN} journal writes in a row took ${this.slowMs} ms or more (the last ${ms.toFixed(1)} ms)`;
    this.pooled = true;
    this.slowRun = 0;
    this.moved(`${why}: writes go to the thread pool until ${this.calmNeeded} in a row take under ${this.slowMs} ms`);
  }

  private tookInPool(slow: boolean): void {
    this.calmRun = slow ? 0 : this.calmRun + 1;
    if (this.calmRun < this.calmNeeded) return;
    this.pooled = false;
    this.calmRun = 0;
    this.calmNeeded = Math.min(this.calmNeeded * 2, LONGEST_CALM_RUN);
    this.moved('journal writes are quick again: they are made on the event loop');
  }
}

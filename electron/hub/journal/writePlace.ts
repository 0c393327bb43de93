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
 * there only while the disk answers quickly. One slow write (a stalling disk, or a platform
 * whose flush is slow, as macOS's F_FULLFSYNC is) sends the writes after it to the pool. They
 * come back to the loop after a run of quick ones; each return asks for a longer run, so a
 * disk that stalls now and then is soon left in the pool. The price is the one slow write
 * that was made on the loop before the switch.
 */
export const SLOW_WRITE_MS = 2;
/** Quick writes in a row, in the pool, before the first return to the loop. */
export const FIRST_CALM_RUN = 100;
/** The longest run asked for: a return after a relapse waits for twice as many. */
export const LONGEST_CALM_RUN = 10_000;

export class WritePlace {
  private pooled = false;
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
    if (ms >= this.slowMs) {
      this.calmRun = 0;
      if (this.pooled) return;
      this.pooled = true;
      this.moved(`a journal write took ${ms.toFixed(1)} ms: writes go to the thread pool until ${this.calmNeeded} in a row take under ${this.slowMs} ms`);
      return;
    }
    if (!this.pooled || ++this.calmRun < this.calmNeeded) return;
    this.pooled = false;
    this.calmRun = 0;
    this.calmNeeded = Math.min(this.calmNeeded * 2, LONGEST_CALM_RUN);
    this.moved('journal writes are quick again: they are made on the event loop');
  }
}

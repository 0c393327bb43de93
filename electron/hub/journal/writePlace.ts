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
 * 4 ms now and then.
 *
 * The writes come back to the loop after a calm run in the pool, one with no stall and no
 * SLOW_RUN slow writes in a row (what would have sent them from the loop): FIRST_CALM_RUN
 * writes, or FIRST_CALM_MS of them with MIN_CALM_WRITES at least. Each return asks for a run
 * twice as long, in writes and in time, so a disk that stalls now and then is soon left in
 * the pool. The price is what was written on the loop before the switch: one stall, or a few
 * slow writes.
 *
 * A return used to ask for 100 writes in a row each under SLOW_WRITE_MS. A quiet night could
 * take an hour to make them, and a loaded machine almost never did: in the pool each write pays
 * the two wake-ups as well, which take one past 2 ms now and then. In bench:ui, with two
 * browsers on two cores, the writes its seeding sent to the pool never came back. One burst
 * (a crowd reconnecting) could so leave every command of the night paying the wake-ups.
 */
export const SLOW_WRITE_MS = 2;
/** Slow writes in a row that make a slow disk. */
export const SLOW_RUN = 3;
/** A write this many times SLOW_WRITE_MS is a stall: the writes after it go to the pool at once. */
export const STALL_FACTOR = 10;
/** Writes of a calm run, in the pool, before the first return to the loop. */
export const FIRST_CALM_RUN = 100;
/** The longest run asked for: a return after a relapse waits for twice as many. */
export const LONGEST_CALM_RUN = 10_000;
/** How long a calm run in the pool, however few its writes, brings the first return (with MIN_CALM_WRITES in it). */
export const FIRST_CALM_MS = 1000;
/**
 * The longest such run asked for, after relapses: some 68 minutes, twelve doublings. Each
 * relapse costs the loop one stall, so a disk that stalls now and then costs it one an hour at
 * most, however quiet the night (at a command a second, LONGEST_CALM_RUN takes nearly three).
 */
export const LONGEST_CALM_MS = FIRST_CALM_MS * 2 ** 12;
/** Writes a calm run must hold to count by its time: what shows the disk is quick, not only idle. */
export const MIN_CALM_WRITES = 8;

export class WritePlace {
  private pooled = false;
  private slowRun = 0;
  private calmRun = 0;
  /** When the calm run in the pool began: the end of its first write. */
  private calmSince = 0;
  private calmNeeded = FIRST_CALM_RUN;
  private calmMsNeeded = FIRST_CALM_MS;

  constructor(
    private readonly slowMs = SLOW_WRITE_MS,
    /** Told each time writes move, with why (the hub's log). */
    private readonly moved: (message: string) => void = () => undefined,
  ) {}

  /** True while the next write is to be made on the event loop. */
  get onLoop(): boolean {
    return !this.pooled;
  }

  /**
   * How long the write just made took, from its start to its bytes being durable, wherever it
   * was made; `at`, when it ended (performance.now()).
   */
  took(ms: number, at = performance.now()): void {
    const why = this.slowDisk(ms);
    if (this.pooled) return this.tookInPool(why === null, at);
    if (why === null) return;
    this.pooled = true;
    this.moved(
      `${why}: writes go to the thread pool until ${this.calmNeeded} in a row, or ${seconds(this.calmMsNeeded)} of them (${MIN_CALM_WRITES} at least), pass without a stall or ${SLOW_RUN} slow ones in a row`,
    );
  }

  /** Why the disk counts as slow after a write of `ms` (a stall, or the last of a run of slow writes), or null. */
  private slowDisk(ms: number): string | null {
    this.slowRun = ms >= this.slowMs ? this.slowRun + 1 : 0;
    if (ms >= this.slowMs * STALL_FACTOR) {
      this.slowRun = 0;
      return `a journal write took ${ms.toFixed(1)} ms`;
    }
    if (this.slowRun < SLOW_RUN) return null;
    this.slowRun = 0;
    return `${SLOW_RUN} journal writes in a row took ${this.slowMs} ms or more (the last ${ms.toFixed(1)} ms)`;
  }

  private tookInPool(calm: boolean, at: number): void {
    if (!calm) {
      this.calmRun = 0;
      return;
    }
    if (this.calmRun++ === 0) this.calmSince = at;
    const longEnough = this.calmRun >= MIN_CALM_WRITES && at - this.calmSince >= this.calmMsNeeded;
    if (this.calmRun < this.calmNeeded && !longEnough) return;
    this.pooled = false;
    this.calmRun = 0;
    this.slowRun = 0;
    this.calmNeeded = Math.min(this.calmNeeded * 2, LONGEST_CALM_RUN);
    this.calmMsNeeded = Math.min(this.calmMsNeeded * 2, LONGEST_CALM_MS);
    this.moved('journal writes are quick again: they are made on the event loop');
  }
}

function seconds(ms: number): string {
  return ms < 60_000 ? `${ms / 1000} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/**
 * Estimates how far the hub's clock is ahead of ours, NTP-style: for a ping sent at t0 and
 * answered at server time ts, received at t1, the offset is ts - (t0 + t1) / 2. The sample
 * with the shortest round trip is the least distorted by queueing, so it wins.
 */
export class ClockOffset {
  private samples: { rtt: number; offset: number }[] = [];
  /** An offset measured by an earlier page on this device, used until this one measures its own. */
  private kept: { rtt: number; offset: number } | null = null;

  constructor(private readonly keep = 8) {}

  add(t0: number, serverTime: number, t1: number): void {
    const rtt = Math.max(0, t1 - t0);
    this.samples.push({ rtt, offset: serverTime - (t0 + t1) / 2 });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** Whether this page measured the offset itself (not only kept one from before a reload). */
  get measured(): boolean {
    return this.samples.length > 0;
  }

  /**
   * Takes the offset an earlier page measured (a reload with the hub away): notes written now
   * are dated in hub time still, where they would have had the time they reached the hub.
   */
  useKept(offsetMs: number, rttMs: number): void {
    this.kept = { offset: offsetMs, rtt: rttMs };
  }

  /** ms to add to the local clock to get hub time; 0 until a sample arrives (or one was kept). */
  get offsetMs(): number {
    if (this.samples.length === 0) return this.kept ? Math.round(this.kept.offset) : 0;
    return Math.round(this.samples.reduce((best, s) => (s.rtt < best.rtt ? s : best)).offset);
  }

  get bestRttMs(): number | null {
    return this.samples.length ? Math.min(...this.samples.map((s) => s.rtt)) : (this.kept?.rtt ?? null);
  }
}

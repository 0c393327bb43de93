/**
 * Estimates how far the hub's clock is ahead of ours, NTP-style: for a ping sent at t0 and
 * answered at server time ts, received at t1, the offset is ts - (t0 + t1) / 2. The sample
 * with the shortest round trip is the least distorted by queueing, so it wins.
 */
export class ClockOffset {
  private samples: { rtt: number; offset: number }[] = [];

  constructor(private readonly keep = 8) {}

  add(t0: number, serverTime: number, t1: number): void {
    const rtt = Math.max(0, t1 - t0);
    this.samples.push({ rtt, offset: serverTime - (t0 + t1) / 2 });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** ms to add to the local clock to get hub time; 0 until a sample arrives. */
  get offsetMs(): number {
    if (this.samples.length === 0) return 0;
    return Math.round(this.samples.reduce((best, s) => (s.rtt < best.rtt ? s : best)).offset);
  }

  get bestRttMs(): number | null {
    return this.samples.length ? Math.min(...this.samples.map((s) => s.rtt)) : null;
  }
}

import type { SeriesConfig } from '@shared/metrics';
import { SourceError, type Source } from './sources/source';

export type PollResult = { ok: true; t: number; v: number } | { ok: false; t: number; error: string };

/** A failing source is retried less often, up to this: it still comes back by itself. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Reads one series at its interval, never two reads at once, each bounded by the series'
 * timeout. A failing source backs off (doubling up to a minute) so a dead database is not
 * hammered; the hub's event loop never waits on a read.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly series: SeriesConfig,
    private readonly source: Source,
    private readonly now: () => number,
    private readonly onResult: (r: PollResult) => void,
  ) {}

  start(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    const interval = this.series.intervalSec * 1000;
    const started = this.now();
    try {
      const v = await this.source.read(AbortSignal.timeout(this.series.timeoutSec * 1000));
      if (this.stopped) return;
      if (!Number.isFinite(v)) throw new SourceError(`the source answered ${String(v)}, not a number`);
      this.failures = 0;
      this.onResult({ ok: true, t: started, v });
      this.schedule(Math.max(0, interval - (this.now() - started)));
    } catch (e) {
      if (this.stopped) return;
      this.failures++;
      this.onResult({ ok: false, t: started, error: e instanceof SourceError ? e.message : 'the read failed' });
      this.schedule(Math.min(MAX_BACKOFF_MS, interval * 2 ** Math.min(this.failures - 1, 6)));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.source.close();
  }
}

import { HUB_ACTOR, type CutoverState } from '@shared/cutover';
import {
  SeriesBuffer,
  SeriesJudge,
  downsampleForWidth,
  evaluateSourceHealth,
  initialAlertState,
  processingStopped,
  pushedTimeRefusal,
  pushedReadingRefusal,
  type Alert,
  type AlertState,
  type SampleBatch,
  type SeriesConfig,
} from '@shared/metrics';
import { lagSummaryOf, readingOf, type LagSummary } from '@shared/comms';
import type { CutoverLog, CutoverPart } from '../cutovers/parts';
import { Poller, type PollResult } from './poller';
import type { SampleStore } from './sampleStore';
import { windowFor, withinWindow } from './seriesWindow';
import { simulatedSource } from './simulated';
import type { Source } from './sources/source';

export type MetricsDeps = {
  now: () => number;
  /** Builds a polled source (every kind but push and simulated). */
  createSource: (config: SeriesConfig['source']) => Source;
  log: (msg: string) => void;
  /** How often stored batches are written and live points broadcast. */
  flushMs?: number;
};

/** Points per series sent to a client that joins: about one per two pixels of a wide chart. */
export const HISTORY_POINTS = 1500;
/** The archive opens batches of up to a million points; a day at 1 Hz stays well inside. */
const ARCHIVE_BATCH = 86_400;

type Running = { config: string; poller: Poller | null };
type Pending = { t: number[]; v: number[] };

/**
 * The lag series of one cutover inside the hub: pollers for its sources, the samples in
 * memory (a bounded window per series, seriesWindow.ts: for charts, forecasts and alerts)
 * and on disk (in batches: the full record, for the archive), and the alerts they raise,
 * recorded as events. Live points go out once per flush as one frame.
 */
export class CutoverMetrics implements CutoverPart {
  private buffers = new Map<string, SeriesBuffer>();
  private running = new Map<string, Running>();
  private alertStates = new Map<string, AlertState>();
  private pending = new Map<string, Pending>();
  /** Per series: its learned normal band and latest forecast (shared/metrics/watch.ts). */
  private judges = new Map<string, SeriesJudge>();
  private listeners = new Set<(batches: SampleBatch[]) => void>();
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly runtime: CutoverLog,
    private readonly store: SampleStore,
    private readonly deps: MetricsDeps,
  ) {}

  async start(): Promise<void> {
    // A batch at a time into the bounded window: a long (or hostile) night's file is never held whole.
    const { skipped } = await this.store.read((b) => {
      this.bufferOf(b.s).appendBatch(b);
      this.keepWithin(b.s);
    });
    if (skipped > 0) this.deps.log(`${skipped} damaged sample batch(es) skipped in ${this.store.path}`);
    this.runtime.subscribe((events) => {
      if (events.some((e) => e.type === 'series.defined' || e.type === 'series.removed')) this.sync();
    });
    this.sync();
    this.flushTimer = setInterval(() => void this.flush(), this.deps.flushMs ?? 1000);
  }

  subscribe(listener: (batches: SampleBatch[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Readings another hub took (several hubs on one store: only the one holding the cutover's
   * lease polls). Kept in the window for clients that join here, and sent on to those here
   * when `live`; nothing is polled or judged. Readings not newer than the last are dropped.
   */
  follow(batches: readonly SampleBatch[], live: boolean): void {
    for (const b of batches) {
      this.bufferOf(b.s).appendBatch(b);
      this.keepWithin(b.s);
    }
    if (live && batches.length > 0) for (const l of this.listeners) l([...batches]);
  }

  /** Each series downsampled for a client that joins; live points follow. */
  history(points = HISTORY_POINTS): SampleBatch[] {
    return [...this.buffers].map(([s, b]) => {
      const { t, v } = downsampleForWidth(b.times(), b.values(), points * 2);
      return { s, t, v };
    });
  }

  /**
   * Every reading of every series from the file (the full record), in batches of at most a
   * day at 1 Hz: what the archive keeps. Taken readings are flushed to the file first.
   */
  async storedSamples(): Promise<SampleBatch[]> {
    await this.flush();
    // Every series the night read, removed ones too: the postmortem tells the night of a queue
    // that went critical and was removed once it drained, and must not say it had no readings.
    return this.store.collect(ARCHIVE_BATCH);
  }

  /** What memory holds of each series (the bounded window, thinned beyond it), in batches of at most a day at 1 Hz. */
  allSamples(): SampleBatch[] {
    const out: SampleBatch[] = [];
    for (const [s, b] of this.buffers) {
      const t = b.times();
      const v = b.values();
      for (let i = 0; i < t.length; i += ARCHIVE_BATCH)
        out.push({ s, t: Array.from(t.subarray(i, i + ARCHIVE_BATCH)), v: Array.from(v.subarray(i, i + ARCHIVE_BATCH)) });
    }
    return out;
  }

  /** Where each series stands now, for messages and the Slack status. */
  lagSummaries(now: number): LagSummary[] {
    return this.runtime.state.seriesOrder.flatMap((id) => {
      const series = this.runtime.state.series[id];
      const buffer = this.buffers.get(id);
      if (!series) return [];
      const f = buffer ? this.judgeOf(id).forecast(series, buffer, now, this.stoppedAt()) : { value: null, etaMs: null, trend: 'unknown' };
      return [lagSummaryOf(series, f, readingOf(buffer, this.runtime.state.seriesStatus[id]))];
    });
  }

  /** A pushed reading; refused with a sentence unless the series takes pushes. */
  push(seriesId: string, t: number, v: number): string | null {
    const series = this.runtime.state.series[seriesId];
    if (!series) return `There is no series "${seriesId}"`;
    if (series.source.kind !== 'push') return `Series "${seriesId}" is polled by the hub, not pushed`;
    if (!Number.isFinite(v)) return 'The value is not a number';
    if (!Number.isSafeInteger(t) || t < 0) return `A reading for "${seriesId}" has a time that is not a moment of tonight (ms since the epoch)`;
    // Ahead of the hub's clock beyond a few seconds' skew: kept, it would count as a moment not yet come and drop the true readings after it.
    const refusal = pushedTimeRefusal(seriesId, t, this.deps.now()) ?? pushedReadingRefusal(this.runtime.state, series, t, v);
    if (refusal) return refusal;
    return this.ingest(series, t, v) ? null : `A reading for "${seriesId}" is older than the last one, or repeats it, and was dropped`;
  }

  /** Starts, restarts and stops pollers to match the series the state defines. */
  private sync(): void {
    if (this.closed) return;
    const wanted = this.runtime.state.series;
    for (const [id, r] of this.running) {
      const config = wanted[id];
      if (!config || JSON.stringify(config) !== r.config) {
        void r.poller?.stop();
        this.running.delete(id);
      }
      // A removed series leaves the screens: an id added again starts afresh. What it read is
      // the night's record all the same, so the readings not yet written go to the file (the
      // archive keeps them), not to the screens.
      if (!config) {
        const left = this.pending.get(id);
        if (left) void this.write([{ s: id, t: left.t, v: left.v }]);
        for (const m of [this.buffers, this.alertStates, this.pending, this.judges]) m.delete(id);
      }
    }
    for (const series of Object.values(wanted)) {
      if (this.running.has(series.id)) continue;
      this.running.set(series.id, { config: JSON.stringify(series), poller: this.startPoller(series) });
    }
    // More series share the cutover's window: each is held to its new share at once.
    for (const id of [...this.buffers.keys()]) this.keepWithin(id);
  }

  private startPoller(series: SeriesConfig): Poller | null {
    if (series.source.kind === 'push') return null;
    let source: Source;
    try {
      // A simulated series resumes from its last stored reading: a restart must not invent a drain.
      source =
        series.source.kind === 'simulated'
          ? simulatedSource(series.source, () => this.runtime.state, this.deps.now, Math.random, this.buffers.get(series.id)?.last()?.v ?? null)
          : this.deps.createSource(series.source);
    } catch (e) {
      this.onResult(series.id, { ok: false, t: this.deps.now(), error: (e as Error).message });
      return null;
    }
    const poller = new Poller(series, source, this.deps.now, (r) => this.onResult(series.id, r));
    poller.start();
    return poller;
  }

  private onResult(seriesId: string, r: PollResult): void {
    const series = this.runtime.state.series[seriesId];
    if (!series || this.closed) return;
    const health = evaluateSourceHealth(this.alertStateOf(seriesId), r.ok, r.ok ? null : r.error);
    this.alertStates.set(seriesId, health.state);
    // Health sentences are about the source ("down: connection refused"): say which.
    this.recordAlerts(
      seriesId,
      health.alerts.map((a) => ({ ...a, message: `${series.name} ${a.message}` })),
    );
    if (r.ok) this.ingest(series, r.t, r.v);
  }

  /** False when the reading is older than the last one (charts and forecasts need time order), or repeats it. */
  private ingest(series: SeriesConfig, t: number, v: number): boolean {
    if (!this.bufferOf(series.id).append(t, v)) return false;
    const buffer = this.keepWithin(series.id);
    const p = this.pending.get(series.id) ?? { t: [], v: [] };
    p.t.push(t);
    p.v.push(v);
    this.pending.set(series.id, p);
    const evaluated = this.judgeOf(series.id).judge(series, buffer, this.alertStateOf(series.id), t, v, this.stoppedAt());
    this.alertStates.set(series.id, evaluated.state);
    this.recordAlerts(series.id, evaluated.alerts);
    return true;
  }

  private recordAlerts(seriesId: string, alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    const events = alerts.map((a) => ({
      type: 'series.alerted' as const,
      payload: { seriesId, kind: a.kind, value: a.value, message: a.message.slice(0, 500) },
    }));
    this.runtime.record(HUB_ACTOR, events).catch((e: unknown) => this.deps.log(`could not record an alert: ${(e as Error).message}`));
  }

  /** When the night's stop step started: a learned normal band is read from before it. */
  private stoppedAt(): number | null {
    return processingStopped(this.runtime.state)?.at ?? null;
  }

  private judgeOf(id: string): SeriesJudge {
    let j = this.judges.get(id);
    if (!j) this.judges.set(id, (j = new SeriesJudge()));
    return j;
  }

  /** Where alerts stand: from memory, or after a restart from the journal, so nothing is raised twice. */
  private alertStateOf(seriesId: string): AlertState {
    const known = this.alertStates.get(seriesId);
    if (known) return known;
    const status: CutoverState['seriesStatus'][string] | undefined = this.runtime.state.seriesStatus[seriesId];
    return status ? { ...initialAlertState(), level: status.level, draining: status.draining, source: status.source } : initialAlertState();
  }

  /** The series' buffer, thinned to its share of the cutover's window if it passed it. */
  private keepWithin(id: string): SeriesBuffer {
    const held = withinWindow(this.bufferOf(id), windowFor(Math.max(this.buffers.size, this.runtime.state.seriesOrder.length)));
    this.buffers.set(id, held);
    return held;
  }

  private bufferOf(id: string): SeriesBuffer {
    let b = this.buffers.get(id);
    if (!b) this.buffers.set(id, (b = new SeriesBuffer()));
    return b;
  }

  private async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batches = [...this.pending].map(([s, p]): SampleBatch => ({ s, t: p.t, v: p.v }));
    this.pending.clear();
    for (const l of this.listeners) l(batches);
    await this.write(batches);
  }

  /** Appends to the samples file; a failed write is logged, and the readings stay in memory for the screens. */
  private write(batches: SampleBatch[]): Promise<void> {
    return this.store.append(batches).catch((e: unknown) => this.deps.log(`could not store samples: ${(e as Error).message}`));
  }

  async stop(): Promise<void> {
    // Stop taking readings first, then write what was taken: nothing lands after the flush.
    this.closed = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    await Promise.allSettled([...this.running.values()].map((r) => r.poller?.stop()));
    this.running.clear();
    await this.flush();
    await this.store.close();
  }
}

import { performance } from 'node:perf_hooks';
import { HUB_ACTOR } from '@shared/cutover';
import {
  attachedChecks,
  checkOf,
  lagVerdict,
  LagHold,
  resultEvents,
  sameResult,
  UNCHANGED_EVERY_MS,
  type CheckConfig,
  type CheckResult,
  type CheckSpec,
} from '@shared/checks';
import type { SampleBatch } from '@shared/metrics';
import type { CutoverLog, CutoverPart } from '../cutovers/parts';
import { SourceError, type SourceContext } from '../metrics/sources/source';
import { createRunner, type CheckRunner, type ConnectedSpec, type Reading } from './runners';

/** A run may take this much past the check's own timeout before the hub gives up on it: the server's limit speaks first. */
const GRACE_MS = 2_000;

/** What the scheduler reads of the cutover's lag series: live batches, and what memory holds on start. */
export type SeriesFeed = {
  subscribe(listener: (batches: SampleBatch[]) => void): () => void;
  allSamples(): SampleBatch[];
};

export type CheckSchedulerDeps = {
  now: () => number;
  /** The cutover's secrets, as its lag sources see them. */
  ctx: SourceContext;
  series: SeriesFeed;
  log: (msg: string) => void;
  /** How often the scheduler looks for checks that are due (the hub's clock decides which are). */
  tickMs?: number;
};

type LagSpec = Extract<CheckSpec, { kind: 'lag' }>;

/**
 * Runs a cutover's checks: every `intervalSec` while attached to an open poll or a running
 * step (shared/checks/attached.ts), and at once when someone asks (`check.requested`, read
 * from the journal, so a request is never lost between the command and the run). Each
 * result is recorded as `check.evaluated` with the steps it completes; an unchanged one at
 * most once a minute, judged against the journal's last, so a restart repeats nothing.
 */
export class CheckScheduler implements CutoverPart {
  private runners = new Map<string, { key: string; runner: CheckRunner }>();
  private holds = new Map<string, { key: string; hold: LagHold }>();
  private running = new Map<string, Promise<void>>();
  private requested = new Set<string>();
  private nextDue = new Map<string, number>();
  /** Runs since the hub opened the cutover, on top of the journal's count: unrecorded ones count too. */
  private attempts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private offs: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly log: CutoverLog,
    private readonly deps: CheckSchedulerDeps,
  ) {}

  start(): void {
    this.offs.push(
      this.log.subscribe((events) => {
        for (const e of events) {
          if (e.type === 'check.requested') this.request(e.payload.checkId);
          if (e.type === 'check.defined' || e.type === 'check.removed') this.forget(e.type === 'check.defined' ? e.payload.check.id : e.payload.checkId);
        }
      }),
      this.deps.series.subscribe((batches) => {
        for (const b of batches) for (const [, h] of this.holds) if (h.key.startsWith(`${b.s}\n`)) b.t.forEach((t, i) => h.hold.observe(t, b.v[i]!));
      }),
    );
    this.timer = setInterval(() => this.tick(), this.deps.tickMs ?? 500);
    this.timer.unref();
  }

  /** "Run now": at once, or right after the run under way. */
  request(checkId: string): void {
    if (this.stopped) return;
    if (this.running.has(checkId)) this.requested.add(checkId);
    else this.run(checkId, true);
  }

  private tick(): void {
    if (this.stopped || this.log.failed) return;
    const now = this.deps.now();
    for (const id of attachedChecks(this.log.state)) {
      const check = checkOf(this.log.state, id);
      if (!check || this.running.has(id)) continue;
      // After a restart the journal's last result sets the pace: no burst of runs on opening.
      const due = this.nextDue.get(id) ?? (check.last ? check.last.at + check.config.intervalSec * 1000 : now);
      if (now >= due) this.run(id, false);
    }
  }

  private run(checkId: string, onRequest: boolean): void {
    const running = this.evaluate(checkId, onRequest)
      .catch((e: unknown) => this.deps.log(`check ${checkId}: ${(e as Error).message}`))
      .finally(() => {
        this.running.delete(checkId);
        if (this.requested.delete(checkId)) this.request(checkId);
      });
    this.running.set(checkId, running);
  }

  private async evaluate(checkId: string, onRequest: boolean): Promise<void> {
    const check = checkOf(this.log.state, checkId);
    if (!check) return;
    const { config } = check;
    const started = performance.now();
    let reading: Reading & { error: string | null; heldSince?: number };
    const spec = config.spec;
    if (spec.kind === 'lag') {
      reading = this.lagReading(config, spec);
    } else {
      try {
        reading = { ...(await this.runnerOf({ ...config, spec }).run(AbortSignal.timeout(config.timeoutSec * 1000 + GRACE_MS))), error: null };
      } catch (e) {
        const error = e instanceof SourceError ? e.message : 'the check could not run';
        reading = { pass: false, values: [], summary: error, error };
      }
    }
    if (this.stopped) return;
    const now = this.deps.now();
    this.nextDue.set(checkId, now + config.intervalSec * 1000);
    const state = this.log.state;
    // Defined again while it ran: this result is of a check that no longer exists as it was.
    if (checkOf(state, checkId)?.config !== config) return;
    const attempt = Math.max(this.attempts.get(checkId) ?? 0, check.last?.attempt ?? 0) + 1;
    this.attempts.set(checkId, attempt);
    const result: CheckResult = {
      checkId,
      pass: reading.pass,
      values: reading.values,
      error: reading.error?.slice(0, 500) ?? null,
      summary: reading.summary.slice(0, 500),
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      attempt,
      ...(reading.heldSince !== undefined ? { heldSince: reading.heldSince } : {}),
    };
    const events = resultEvents(state, result, now);
    const last = checkOf(state, checkId)?.last ?? null;
    const quiet = !onRequest && events.length === 1 && sameResult(last, result) && last !== null && now - last.at < UNCHANGED_EVERY_MS;
    if (quiet) return;
    // On a shared store another hub may have moved the night first (the step failed, the check
    // defined again): decided again on the state it lands on, not appended as decided here.
    await this.log.record(HUB_ACTOR, events, (latest) => (checkOf(latest, checkId)?.config === config ? resultEvents(latest, result, now) : []));
  }

  private lagReading(config: CheckConfig, spec: LagSpec): Reading & { error: string | null; heldSince?: number } {
    const series = this.log.state.series[spec.seriesId];
    if (!series) return { pass: false, values: [], summary: `the lag series "${spec.seriesId}" is gone`, error: `the lag series "${spec.seriesId}" is gone` };
    return lagVerdict(this.holdOf(config.id, spec), spec, series.name, this.deps.now());
  }

  /** The check's running count of its series, seeded from what memory holds of it. */
  private holdOf(checkId: string, spec: LagSpec): LagHold {
    const key = `${spec.seriesId}\n${spec.op}\n${spec.value}`;
    const known = this.holds.get(checkId);
    if (known?.key === key) return known.hold;
    const hold = new LagHold(spec);
    for (const b of this.deps.series.allSamples()) if (b.s === spec.seriesId) b.t.forEach((t, i) => hold.observe(t, b.v[i]!));
    this.holds.set(checkId, { key, hold });
    return hold;
  }

  private runnerOf(config: CheckConfig & { spec: ConnectedSpec }): CheckRunner {
    const key = JSON.stringify(config);
    const known = this.runners.get(config.id);
    if (known?.key === key) return known.runner;
    void known?.runner.close();
    const runner = createRunner(config, this.deps.ctx);
    this.runners.set(config.id, { key, runner });
    return runner;
  }

  /** A check redefined or removed: its connections and its count start afresh. */
  private forget(checkId: string): void {
    const known = this.runners.get(checkId);
    this.runners.delete(checkId);
    this.holds.delete(checkId);
    this.nextDue.delete(checkId);
    void known?.runner.close().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const off of this.offs) off();
    await Promise.allSettled([...this.running.values()]);
    await Promise.allSettled([...this.runners.values()].map((r) => r.runner.close()));
    this.runners.clear();
  }
}

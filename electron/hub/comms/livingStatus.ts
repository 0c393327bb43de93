import { HUB_ACTOR, type CutoverEvent } from '@shared/cutover';
import { statusBlocks, statusInput, statusText, type LagSummary, type StatusInput } from '@shared/comms';
import type { CutoverLog } from '../cutovers/parts';
import { connect, type ConnectOptions } from './connect';

export type LivingStatusDeps = ConnectOptions & { log: (msg: string) => void; lag: () => LagSummary[]; minIntervalMs?: number };

/**
 * Slack allows chat.update about once a second per channel in bursts, and a status
 * message that changes every second is noise: one update per 15 s at most, and always
 * one after the last change.
 */
const MIN_INTERVAL_MS = 15_000;
const DAY = 24 * 60 * 60_000;
/**
 * How often, against the minimum interval, the message is looked at again with nothing having
 * happened: time passing moves it too (a step running 45 minutes over its 7 makes the night
 * late), and a message updated only on events said "on time" on the CTO's phone all that while.
 */
const REFRESH_EVERY_INTERVALS = 4;
/** Events that change what the status message says. */
const MOVES = /^(step\.|decision\.|cutover\.|rollback\.|poll\.closed|series\.alerted|comms\.configured)/;

/**
 * The one Slack message per cutover kept current with the night's status (phase,
 * progress, projected end, last decision, worst lag). Its ts is recorded as an event, so
 * after a restart the same message is updated rather than a second one posted. When the
 * config asks for a thread, this message is the thread's root.
 */
export class LivingStatus {
  private timer: NodeJS.Timeout | null = null;
  private refresher: NodeJS.Timeout | null = null;
  private lastAt = 0;
  /** What the last post said, but for its "Updated" time: a refresh posts only when something else moved. */
  private lastSaid = '';
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly cutoverId: string,
    private readonly runtime: CutoverLog,
    private readonly deps: LivingStatusDeps,
  ) {}

  start(): void {
    this.runtime.subscribe((events: CutoverEvent[]) => {
      if (events.some((e) => MOVES.test(e.type))) this.soon();
    });
    this.refresher = setInterval(() => this.refresh(), (this.deps.minIntervalMs ?? MIN_INTERVAL_MS) * REFRESH_EVERY_INTERVALS);
    this.refresher.unref();
  }

  /** While the night runs, posts again when the message would say something new by the clock alone. */
  private refresh(): void {
    if (this.closed || !this.wanted() || this.runtime.state.status !== 'in_progress' || !this.runtime.state.comms.refs['slack.status']) return;
    if (this.said(statusInput(this.runtime.state, this.deps.now(), this.deps.lag())) !== this.lastSaid) this.soon();
  }

  /** The message's words but for its last line, the "Updated" time, which moves every minute by itself. */
  private said(input: StatusInput): string {
    const text = statusText(input);
    return text.slice(0, text.lastIndexOf('\n'));
  }

  /** The thread replies go under: the status message, or the first message posted. */
  async thread(): Promise<string | undefined> {
    const refs = this.runtime.state.comms.refs;
    if (!refs['slack.status'] && this.wanted()) await this.update();
    return this.runtime.state.comms.refs['slack.status'] ?? refs['slack.thread'];
  }

  private wanted(): boolean {
    return this.runtime.state.comms.config.slack?.livingStatus === true && this.runtime.state.status !== 'draft';
  }

  private soon(): void {
    if (this.closed || this.timer || !this.wanted()) return;
    const wait = Math.max(1000, (this.deps.minIntervalMs ?? MIN_INTERVAL_MS) - (this.deps.now() - this.lastAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.update();
    }, wait);
  }

  private update(): Promise<void> {
    this.running = this.running.then(() => this.post()).catch((e: unknown) => this.deps.log(`living status not updated: ${(e as Error).message}`));
    return this.running;
  }

  private async post(): Promise<void> {
    if (this.closed || !this.wanted()) return;
    this.lastAt = this.deps.now();
    const state = this.runtime.state;
    const input = statusInput(state, this.deps.now(), this.deps.lag());
    const slack = connect(state, 'slack', this.deps);
    const known = state.comms.refs['slack.status'];
    // The ts alone: if the channel changes, the update misses and a new status message is posted.
    // Named in its metadata, so a post whose answer was lost is found rather than posted twice.
    const mark = { outboxId: `${this.cutoverId}:status`, cutoverId: this.cutoverId, sinceMs: Math.min(state.startedAt ?? Infinity, this.deps.now()) - DAY };
    const { ts } = await slack.upsertStatus(known ?? null, statusText(input), statusBlocks(input), mark);
    // Only what reached Slack: a post that failed is tried again at the next refresh.
    this.lastSaid = this.said(input);
    if (ts === known) return;
    await this.runtime.record(HUB_ACTOR, [{ type: 'comms.providerRef', payload: { key: 'slack.status', value: ts } }]);
    if (state.comms.config.slack?.pinStatus) await slack.pin(ts).catch((e: unknown) => this.deps.log(`status not pinned: ${(e as Error).message}`));
  }

  /** Waits for a post in flight, so its ts is recorded and no second status message follows a restart. */
  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.refresher) clearInterval(this.refresher);
    await this.running;
  }
}

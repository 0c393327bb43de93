import { HUB_ACTOR, type CutoverEvent, type NewEvent } from '../../../shared/cutover';
import type { Destination, MessageState } from '../../../shared/comms';
import type { CutoverRuntime } from '../cutovers/cutoverRuntime';
import type { StatuspageDestination } from './destinations/statuspage';
import { connect } from './connect';
import { DeliveryError, type Delivered, type OutboundMessage } from './destinations/types';
import { LivingStatus, type LivingStatusDeps } from './livingStatus';

export type OutboxDeps = LivingStatusDeps & { random?: () => number; maxAttempts?: number };

/** Backoff for a retryable failure: 2 s doubling to 5 min, with jitter; Retry-After wins when longer. */
const BASE_MS = 2_000;
const CAP_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 8;

const outboxId = (cutoverId: string, messageId: string, d: Destination) => `${cutoverId}:${messageId}:${d}`;

/**
 * Delivers a cutover's messages, recording each step as events: sending → sent or failed.
 * Deliveries to one destination go one at a time, in the order requested. Everything it
 * needs to resume is in the journal: after a restart it picks up what is queued, and a
 * delivery left "sending" by a crash is looked up at the provider before it is sent again.
 */
export class Outbox {
  private lanes = new Map<Destination, Promise<void>>();
  private timers = new Map<string, NodeJS.Timeout>();
  private scheduled = new Set<string>();
  private closed = false;
  /** Kept between deliveries: its rate limiter must see every request to the page. */
  private statuspageClient: { key: string; client: StatuspageDestination } | null = null;
  readonly status: LivingStatus;

  constructor(
    private readonly cutoverId: string,
    private readonly runtime: CutoverRuntime,
    private readonly deps: OutboxDeps,
  ) {
    this.status = new LivingStatus(runtime, deps);
  }

  open(): void {
    for (const id of this.runtime.state.messageOrder) this.scheduleMessage(id);
    this.runtime.subscribe((events) => this.onEvents(events));
    this.status.open();
  }

  private onEvents(events: readonly CutoverEvent[]): void {
    for (const e of events) {
      if (e.type === 'message.requested') this.scheduleMessage(e.payload.messageId);
      else if (e.type === 'delivery.retried') this.schedule(e.payload.messageId, e.payload.destination);
      else if (e.type === 'delivery.cancelled') this.unschedule(e.payload.messageId, e.payload.destination);
    }
  }

  private scheduleMessage(messageId: string): void {
    const m = this.runtime.state.messages[messageId];
    for (const d of Object.keys(m?.deliveries ?? {}) as Destination[]) this.schedule(messageId, d);
  }

  private schedule(messageId: string, d: Destination): void {
    const key = `${messageId}|${d}`;
    const delivery = this.runtime.state.messages[messageId]?.deliveries[d];
    if (this.closed || !delivery || this.scheduled.has(key)) return;
    if (delivery.status !== 'queued' && delivery.status !== 'sending') return;
    this.scheduled.add(key);
    const run = () => {
      this.timers.delete(key);
      // Unmarked when its turn comes, so the attempt itself may schedule the next retry.
      const lane = (this.lanes.get(d) ?? Promise.resolve()).then(() => {
        this.scheduled.delete(key);
        return this.attempt(messageId, d);
      });
      this.lanes.set(d, lane.catch(() => undefined));
    };
    const wait = Math.max(0, (delivery.retryAt ?? 0) - this.deps.now());
    if (wait > 0) this.timers.set(key, setTimeout(run, wait));
    else run();
  }

  private unschedule(messageId: string, d: Destination): void {
    const key = `${messageId}|${d}`;
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    this.scheduled.delete(key);
  }

  private async attempt(messageId: string, d: Destination): Promise<void> {
    const message = this.runtime.state.messages[messageId];
    const delivery = message?.deliveries[d];
    if (this.closed || !message || !delivery || (delivery.status !== 'queued' && delivery.status !== 'sending')) return;
    const attempt = delivery.attempts + 1;
    try {
      // Slack may have taken an earlier attempt whose answer never came (a lost response, a
      // timeout, a crash between sending and recording): look before posting again.
      if (d === 'slack' && (delivery.status === 'sending' || delivery.attempts > 0)) {
        const found = await connect(this.runtime.state, 'slack', this.deps, this.threadOf()).findPosted(outboxId(this.cutoverId, messageId, d), message.requestedAt - 60_000);
        if (found) return await this.record([{ type: 'delivery.sent', payload: { messageId, destination: d, ...sentPayload(found) } }]);
      }
      await this.record([{ type: 'delivery.sending', payload: { messageId, destination: d, attempt } }]);
      const delivered = await this.send(message, d);
      await this.record([{ type: 'delivery.sent', payload: { messageId, destination: d, ...sentPayload(delivered) } }]);
    } catch (e) {
      if (this.closed) return;
      const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message || 'the delivery failed', true);
      const giveUp = !err.retryable || attempt >= (this.deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      const backoff = Math.min(CAP_MS, BASE_MS * 2 ** (attempt - 1)) * (0.5 + (this.deps.random ?? Math.random)() / 2);
      const retryAt = giveUp ? null : this.deps.now() + Math.max(backoff, err.retryAfterMs ?? 0);
      await this.record([{ type: 'delivery.failed', payload: { messageId, destination: d, attempt, error: err.message.slice(0, 1000), retryAt } }]).catch(() => undefined);
      if (retryAt !== null) this.schedule(messageId, d);
    }
  }

  private async send(message: MessageState, d: Destination): Promise<Delivered> {
    const state = this.runtime.state;
    // The banner is the hub's own page: recording the message is delivering it.
    if (d === 'banner') return { providerId: 'hub-banner' };
    const out: OutboundMessage = {
      outboxId: outboxId(this.cutoverId, message.id, d),
      cutoverId: this.cutoverId,
      cutoverTitle: state.info?.title ?? '',
      text: message.text,
      bannerText: message.bannerText,
      state: message.state,
    };
    if (d === 'slack') {
      const threaded = state.comms.config.slack?.threaded === true;
      const thread = threaded ? await this.status.thread() : undefined;
      const delivered = await connect(state, 'slack', this.deps, thread).post(out);
      // Without a status message, the first message posted is the thread the rest reply in.
      if (threaded && !thread) await this.record([{ type: 'comms.providerRef', payload: { key: 'slack.thread', value: delivered.providerId.split(':')[1] ?? '' } }]);
      return delivered;
    }
    if (d === 'webhook') return connect(state, 'webhook', this.deps).deliver(out);
    const window = state.info ? { scheduledFor: state.info.window.start, scheduledUntil: state.info.window.end } : undefined;
    let incidentId = state.comms.refs['statuspage.incident'];
    // An earlier attempt may have created the maintenance and lost the answer: find it first.
    const retried = (message.deliveries.statuspage?.attempts ?? 0) > 0 || message.deliveries.statuspage?.status === 'sending';
    if (!incidentId && retried && window) {
      const found = await this.statuspage().findMaintenance(out.cutoverTitle, window);
      if (found) {
        incidentId = found.id;
        await this.record([{ type: 'comms.providerRef', payload: { key: 'statuspage.incident', value: found.id } }]);
      }
    }
    const delivered = await this.statuspage().deliver(out, { ...(incidentId ? { incidentId } : {}), ...(window ? { window } : {}) });
    if (!incidentId) await this.record([{ type: 'comms.providerRef', payload: { key: 'statuspage.incident', value: delivered.providerId } }]);
    return delivered;
  }

  /** The thread this cutover's Slack messages reply in, once there is one. */
  private threadOf(): string | undefined {
    const { config, refs } = this.runtime.state.comms;
    return config.slack?.threaded ? (refs['slack.status'] ?? refs['slack.thread']) : undefined;
  }

  private statuspage(): StatuspageDestination {
    const state = this.runtime.state;
    const config = state.comms.config.statuspage;
    const key = `${JSON.stringify(config)}|${config ? (this.deps.vault.get(config.apiKeySecret) ?? '') : ''}`;
    if (this.statuspageClient?.key !== key) this.statuspageClient = { key, client: connect(state, 'statuspage', this.deps) };
    return this.statuspageClient.client;
  }

  private async record(events: NewEvent[]): Promise<void> {
    await this.runtime.record(HUB_ACTOR, events);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.lanes.values(), this.status.close()]);
  }
}

const sentPayload = (d: Delivered) => ({ providerId: d.providerId.slice(0, 200), ...(d.permalink ? { permalink: d.permalink.slice(0, 2000) } : {}) });

import { HUB_ACTOR, type CutoverEvent, type CutoverState, type NewEvent } from '@shared/cutover';
import {
  CHANNEL,
  DESTINATIONS,
  inLane,
  laneHead,
  retryDelayMs,
  RETRY,
  UNRECORDED,
  type DeliveryState,
  type Destination,
  type MessageState,
} from '@shared/comms';
import type { CutoverLog, CutoverPart } from '../cutovers/parts';
import type { StatuspageDestination } from './destinations/statuspage';
import { connect } from './connect';
import { DeliveryError, type Delivered, type OutboundMessage } from './destinations/types';
import { LivingStatus, type LivingStatusDeps } from './livingStatus';
import { MIN } from '@shared/time';

export type OutboxDeps = LivingStatusDeps & { random?: () => number; maxAttempts?: number };

/** After an attempt that could record nothing (the journal failing), the lane waits this long. */
const UNRECORDED_PAUSE_MS = 5_000;

const outboxId = (cutoverId: string, messageId: string, d: Destination) => `${cutoverId}:${messageId}:${d}`;

/** A destination's lane: the attempt under way, or the timer until its head may be tried again. */
type Lane = { running: Promise<void> | null; timer: NodeJS.Timeout | null };

/**
 * Delivers a cutover's messages, recording each step as events: sending → sent or failed.
 * Deliveries to one destination go one at a time, in the order requested, retries included:
 * a message waiting out its backoff holds its lane, so "Completed" never reaches a status
 * page or the channel before the "In progress" requested ahead of it. The crew can cancel
 * the one holding the lane. The lanes are read from the journal's state (shared/comms/lanes),
 * so after a restart they resume as they were, and a delivery left "sending" by a crash is
 * looked up at the provider first.
 */
export class Outbox implements CutoverPart {
  private lanes = new Map<Destination, Lane>();
  /** Per delivery, the attempt another outbox began as this one was about to (leftToAnother). */
  private yielded = new Map<string, number>();
  private closed = false;
  /** Kept between deliveries: its rate limiter must see every request to the page. */
  private statuspageClient: { key: string; client: StatuspageDestination } | null = null;
  readonly status: LivingStatus;

  constructor(
    private readonly cutoverId: string,
    private readonly runtime: CutoverLog,
    private readonly deps: OutboxDeps,
  ) {
    this.status = new LivingStatus(cutoverId, runtime, deps);
  }

  start(): void {
    for (const d of DESTINATIONS) this.advance(d);
    this.runtime.subscribe((events) => this.onEvents(events));
    this.status.start();
  }

  private onEvents(events: readonly CutoverEvent[]): void {
    for (const e of events) {
      if (e.type === 'message.requested') for (const d of e.payload.destinations) this.advance(d);
      else if (e.type === 'delivery.retried' || e.type === 'delivery.cancelled') this.advance(e.payload.destination);
      if (e.type === 'delivery.cancelled' && e.payload.destination === 'slack') void this.postedDespiteCancel(e.payload.messageId);
    }
  }

  /**
   * A Slack update cancelled after an attempt whose answer never came (the chip said "retrying
   * at …") may be in the channel all the same: the record would say cancelled of a post the
   * crew can read. It is looked for once, and recorded as sent if it is there (a sent delivery
   * stands over a cancel, applyComms).
   */
  private async postedDespiteCancel(messageId: string): Promise<void> {
    const message = this.runtime.state.messages[messageId];
    const delivery = message?.deliveries.slack;
    if (!message || !delivery || this.closed || !triedBefore(delivery)) return;
    try {
      const found = await this.findEarlier(message, delivery);
      if (found && !this.closed) await this.record(found);
    } catch (e) {
      this.deps.log(`could not look in Slack for the cancelled update ${messageId}: ${(e as Error).message}`);
    }
  }

  private laneOf(d: Destination): Lane {
    let lane = this.lanes.get(d);
    if (!lane) this.lanes.set(d, (lane = { running: null, timer: null }));
    return lane;
  }

  /** Tries the lane's head, now or when its backoff ends; called whenever the lane may have moved. */
  private advance(d: Destination): void {
    const lane = this.laneOf(d);
    if (this.closed || lane.running) return; // the attempt's end advances again
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    const head = laneHead(this.runtime.state, d);
    if (head === undefined) return;
    const wait = Math.max(0, (this.runtime.state.messages[head]?.deliveries[d]?.retryAt ?? 0) - this.deps.now());
    if (wait > 0) return this.later(lane, d, wait);
    const seq = this.runtime.state.seq;
    lane.running = this.attempt(head, d)
      .catch((e: unknown) => this.deps.log(`delivery to ${d} stopped: ${(e as Error).message}`))
      .finally(() => {
        lane.running = null;
        if (this.runtime.state.seq !== seq) return this.advance(d);
        // Nothing was recorded, so the head is as it was: not again at once, or a failing
        // journal would have it hammer the provider.
        this.later(lane, d, UNRECORDED_PAUSE_MS);
      });
  }

  private later(lane: Lane, d: Destination, ms: number): void {
    lane.timer = setTimeout(() => {
      lane.timer = null;
      this.advance(d);
    }, ms);
  }

  /** The message and its delivery to `d` as the journal has them now, while still to be delivered (not sent, given up or cancelled). */
  private pending(messageId: string, d: Destination): { message: MessageState; delivery: DeliveryState } | undefined {
    const message = this.runtime.state.messages[messageId];
    const delivery = message?.deliveries[d];
    return !this.closed && message && delivery && inLane(delivery.status) ? { message, delivery } : undefined;
  }

  private async attempt(messageId: string, d: Destination): Promise<void> {
    const now = this.pending(messageId, d);
    if (!now) return;
    const { message, delivery } = now;
    if (this.leftToAnother(messageId, d, delivery)) return;
    // Numbered from the journal, which counts failed look-ups too (see applyComms), so a
    // Slack that cannot even be asked still moves the count and the backoff on.
    const attempt = delivery.attempts + 1;
    try {
      // Slack may have taken an earlier attempt whose answer never came (a lost response, a
      // timeout, a crash between sending and recording), in this round or before a retry by
      // hand: look where each posted before posting again.
      const earlier = d === 'slack' ? await this.findEarlier(message, delivery) : null;
      // Found: it went out, so it was sent, even if the crew cancelled it meanwhile.
      if (earlier) return await this.record(earlier);
      const thread = d === 'slack' ? await this.threadFor() : undefined;
      // The crew may have cancelled it while we looked: then it is not posted.
      if (!this.pending(messageId, d)) return;
      const where = d === 'slack' ? { thread: thread ?? null } : {};
      if (!(await this.begin({ type: 'delivery.sending', payload: { messageId, destination: d, attempt, ...where } }))) {
        this.yielded.set(outboxId(this.cutoverId, messageId, d), attempt);
        return;
      }
      // A cancel the journal took just before this attempt's start stands (see applyComms).
      if (this.pending(messageId, d)?.delivery.status !== 'sending') return;
      const delivered = await this.send(message, d, thread);
      await this.record([{ type: 'delivery.sent', payload: { messageId, destination: d, ...sentPayload(delivered) } }]);
    } catch (e) {
      // Cancelled while the attempt was under way: its failure changes nothing.
      if (this.closed || !this.pending(messageId, d)) return;
      const err = e instanceof DeliveryError ? e : new DeliveryError((e as Error).message || 'the delivery failed', true);
      const giveUp = !err.retryable || attempt >= (this.deps.maxAttempts ?? RETRY.maxAttempts);
      // Retry-After wins when longer: the provider knows when it will take us again.
      const wait = Math.max(retryDelayMs(attempt, (this.deps.random ?? Math.random)()), err.retryAfterMs ?? 0);
      const retryAt = giveUp ? null : this.deps.now() + wait;
      // The lane waits out `retryAt` before anything else goes to `d` (see advance).
      await this.record([{ type: 'delivery.failed', payload: { messageId, destination: d, attempt, error: err.message.slice(0, 1000), retryAt } }]).catch(
        () => undefined,
      );
    }
  }

  /**
   * An earlier attempt's post, looked for where that attempt posted (the thread it replied
   * in, or the channel), not where a post would go now: the events to record it as sent.
   */
  private async findEarlier(message: MessageState, delivery: DeliveryState): Promise<NewEvent[] | null> {
    // A state from before `triedIn` was kept (a snapshot) still knows an attempt was made.
    const tried = delivery.triedIn ?? (delivery.attempts > 0 || delivery.status === 'sending' ? [UNRECORDED] : []);
    // An older journal did not say where: where the thread is now, or the channel before it was.
    const places = new Set(tried.flatMap((p) => (p === UNRECORDED ? [this.threadOf() ?? CHANNEL, CHANNEL] : [p])));
    for (const place of places) {
      const slack = connect(this.runtime.state, 'slack', this.deps, place === CHANNEL ? undefined : place);
      const found = await slack.findPosted(outboxId(this.cutoverId, message.id, 'slack'), message.requestedAt - MIN);
      if (!found) continue;
      const sent: NewEvent = { type: 'delivery.sent', payload: { messageId: message.id, destination: 'slack', ...sentPayload(found) } };
      // Posted in the channel for a threaded Slack with no thread yet: it is the thread's root, as send() would have recorded.
      const { config, refs } = this.runtime.state.comms;
      const root = place === CHANNEL && config.slack?.threaded === true && !refs['slack.status'] && !refs['slack.thread'];
      return root ? [threadRef(found), sent] : [sent];
    }
    return null;
  }

  /** Where a Slack post goes now: the thread (posting the living status message first if it is wanted and missing), or the channel. */
  private async threadFor(): Promise<string | undefined> {
    return this.runtime.state.comms.config.slack?.threaded === true ? await this.status.thread() : undefined;
  }

  private async send(message: MessageState, d: Destination, thread: string | undefined): Promise<Delivered> {
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
      const delivered = await connect(state, 'slack', this.deps, thread).post(out);
      // Without a status message, the first message posted is the thread the rest reply in.
      if (state.comms.config.slack?.threaded === true && !thread) await this.record([threadRef(delivered)]);
      return delivered;
    }
    if (d === 'webhook') return connect(state, 'webhook', this.deps).deliver(out);
    const window = state.info ? { scheduledFor: state.info.window.start, scheduledUntil: state.info.window.end } : undefined;
    let incidentId = state.comms.refs['statuspage.incident'];
    // An earlier attempt (this round or before a retry by hand) may have created the
    // maintenance and lost the answer: find it first.
    const delivery = message.deliveries.statuspage;
    const retried = triedBefore(delivery);
    // So may an earlier update's attempt, cancelled or given up on after its answer was lost:
    // the next update would otherwise open a second maintenance beside it.
    const triedByAnother = !incidentId && Object.values(state.messages).some((m) => m.id !== message.id && triedBefore(m.deliveries.statuspage));
    if (!incidentId && (retried || triedByAnother) && window) {
      const found = await this.statuspage().findMaintenance(out.cutoverTitle, window);
      if (found) {
        incidentId = found.id;
        await this.record([{ type: 'comms.providerRef', payload: { key: 'statuspage.incident', value: found.id } }]);
      }
    }
    // Likewise an update an earlier attempt made: customers must not read it twice.
    const shown = incidentId && retried ? await this.statuspage().findUpdate(incidentId, out) : null;
    if (shown) return shown;
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

  /**
   * An attempt another outbox began when this one meant to (`begin` lost) is still under way
   * as far as the journal says: it is left to that one once, for the lane's pause, rather than
   * taken at once for an attempt whose answer was lost (which would post it again before the
   * other's post is there to be found). After the pause it is looked up as such.
   */
  private leftToAnother(messageId: string, d: Destination, delivery: DeliveryState): boolean {
    const key = outboxId(this.cutoverId, messageId, d);
    const theirs = this.yielded.get(key);
    this.yielded.delete(key);
    return theirs !== undefined && delivery.status === 'sending' && delivery.attempts === theirs;
  }

  /**
   * Records that attempt `attempt` begins, if it is still the next one: one poster per attempt,
   * whoever else tried. Checked on the state now (another outbox of this hub, say one a lease
   * lost mid-takeover left behind, recorded it while this one looked Slack up), and again on
   * the state the event lands on if another hub stored first (the recheck). False: not this
   * one's to send.
   */
  private async begin(sending: Extract<NewEvent, { type: 'delivery.sending' }>): Promise<boolean> {
    const { messageId, destination, attempt } = sending.payload;
    const next = (state: CutoverState): NewEvent[] => {
      const delivery = state.messages[messageId]?.deliveries[destination];
      return delivery && inLane(delivery.status) && delivery.attempts + 1 === attempt ? [sending] : [];
    };
    if (this.closed || next(this.runtime.state).length === 0) return false;
    const seqs = await this.runtime.record(HUB_ACTOR, [sending], next);
    return seqs.length > 0;
  }

  private async record(events: NewEvent[]): Promise<void> {
    await this.runtime.record(HUB_ACTOR, events);
  }

  async stop(): Promise<void> {
    this.closed = true;
    for (const lane of this.lanes.values()) if (lane.timer) clearTimeout(lane.timer);
    await Promise.allSettled([...[...this.lanes.values()].map((l) => l.running), this.status.stop()]);
  }
}

const threadRef = (d: Delivered): NewEvent => ({ type: 'comms.providerRef', payload: { key: 'slack.thread', value: d.providerId.split(':')[1] ?? '' } });
const sentPayload = (d: Delivered) => ({ providerId: d.providerId.slice(0, 200), ...(d.permalink ? { permalink: d.permalink.slice(0, 2000) } : {}) });

/** An attempt was made to deliver this (it may have reached the provider, its answer lost). */
const triedBefore = (d: DeliveryState | undefined): boolean => (d?.triedIn?.length ?? 0) > 0 || (d?.attempts ?? 0) > 0 || d?.status === 'sending';

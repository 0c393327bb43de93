import {
  applyEvent,
  decide,
  emptyCutoverState,
  EVENT_VERSION,
  foldEvents,
  HUB_ACTOR,
  type Actor,
  type Command,
  type CutoverEvent,
  type CutoverState,
  type NewEvent,
} from '@shared/cutover';
import type { EventStore } from '../journal/eventStore';
import { effectFor, type EffectTable } from './effects';
import type { CutoverLog } from './parts';
import { stampWritten } from './writtenAt';

export type Outcome = { ok: true; seqs: number[]; result?: unknown } | { ok: false; code: string; reason: string };

/** Receives each durable batch of events, as objects and as their stored JSON. */
export type BatchListener = (events: CutoverEvent[], raws: string[]) => void;

export type RuntimeOptions = {
  store: EventStore;
  now: () => number;
  newId: () => string;
  /** A snapshot is written after this many events, so a restart folds only the rest. */
  snapshotEvery?: number;
  /** The hub-only side of commands that have one (effects.ts); none in a runtime without a hub. */
  effects?: EffectTable;
};

/**
 * One cutover inside the hub: the single order of its events. A command is decided
 * against the state including everything accepted so far, its events get the next seqs,
 * and it is acknowledged and broadcast only once the store says they are durable.
 */
export class CutoverRuntime implements CutoverLog {
  state: CutoverState = emptyCutoverState();
  /** Stored JSON of every event, index = seq - 1: catch-up sends these as they are. */
  private raws: string[] = [];
  /** The highest seq known to be durable; catch-up never goes past it. */
  durableSeq = 0;
  /** The state as of `durableSeq`: the only state a snapshot is taken from. */
  private durableState: CutoverState = emptyCutoverState();
  private done = new Map<string, number[]>();
  private inflight = new Map<string, Promise<Outcome>>();
  private listeners = new Set<BatchListener>();
  private failure: Error | null = null;
  private lastSnapshotSeq = 0;
  /** When the record began (its first event): no note was written before it. */
  private firstTs: number | null = null;
  /** The time of the last event stored before this hub opened the journal: its last sign of life there. */
  lastStoredTs: number | null = null;

  private constructor(private readonly opts: RuntimeOptions) {}

  static async open(opts: RuntimeOptions): Promise<CutoverRuntime> {
    const rt = new CutoverRuntime(opts);
    const history = await opts.store.open();
    const from = history.snapshot ?? { seq: 0, state: emptyCutoverState(), commands: [] };
    // The store hands over only the events after the snapshot: the rest is in its state.
    rt.state = foldEvents(history.events, from.state);
    rt.raws = history.raws;
    rt.durableSeq = rt.lastSnapshotSeq = history.raws.length;
    rt.durableState = rt.state;
    rt.firstTs = tsOf(history.raws[0]);
    rt.lastStoredTs = tsOf(history.raws[history.raws.length - 1]);
    rt.done = new Map(from.commands);
    for (const e of history.events) {
      if (!e.commandId) continue;
      const key = commandKey(e.actor.id, e.commandId);
      rt.done.set(key, [...(rt.done.get(key) ?? []), e.seq]);
    }
    if (history.recovered) await rt.record(HUB_ACTOR, [{ type: 'journal.recovered', payload: history.recovered }]);
    return rt;
  }

  get failed(): Error | null {
    return this.failure;
  }

  /** Durable events after `since`, as stored JSON. */
  rawsAfter(since: number): string[] {
    return this.raws.slice(Math.min(since, this.durableSeq), this.durableSeq);
  }

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a command once per member and id: a retry gets the first answer, never a second effect. */
  execute(command: Command, actor: Actor): Promise<Outcome> {
    const key = commandKey(actor.id, command.id);
    const seen = this.done.get(key);
    if (seen) return Promise.resolve({ ok: true, seqs: seen });
    const running = this.inflight.get(key);
    if (running) return running;
    if (this.failure) return Promise.resolve({ ok: false, code: 'unavailable', reason: this.failure.message });

    const now = this.opts.now();
    const decision = decide(this.state, stampWritten(command, { notBefore: this.firstTs ?? now, notAfter: now }), { actor, now, newId: this.opts.newId });
    if (!decision.ok) return Promise.resolve({ ok: false, code: decision.code, reason: decision.reason });
    const effect = this.opts.effects && effectFor(this.opts.effects, command);
    // The effect runs before the append, so its answer can only be lost together with
    // the events; a command retried after that is answered without it.
    const outcome = (effect ? effect(decision.events) : Promise.resolve(undefined))
      .then(async (result) => {
        const seqs = await this.record(actor, decision.events, command.id);
        return result === undefined ? { ok: true as const, seqs } : { ok: true as const, seqs, result };
      })
      .then(
        (o): Outcome => o,
        (e: Error): Outcome => ({ ok: false, code: 'unavailable', reason: e.message }),
      );
    this.inflight.set(key, outcome);
    void outcome.finally(() => this.inflight.delete(key));
    return outcome;
  }

  /** Appends events the hub itself decided (a member joining, a recovery). */
  async record(actor: Actor, news: NewEvent[], commandId?: string): Promise<number[]> {
    if (this.failure) throw this.failure;
    const ts = this.opts.now();
    this.firstTs ??= ts;
    const events = news.map(
      (n, i): CutoverEvent =>
        ({
          v: EVENT_VERSION,
          seq: this.state.seq + 1 + i,
          ts,
          actor,
          ...(commandId ? { commandId } : {}),
          ...n,
        }) as CutoverEvent,
    );
    // Folded at once, so the next command is decided against this one's effects.
    for (const e of events) this.state = applyEvent(this.state, e);
    const after = this.state;
    const raws = events.map((e) => JSON.stringify(e));
    this.raws.push(...raws);
    try {
      await this.opts.store.append(raws);
    } catch (e) {
      // Memory is now ahead of disk: stop taking commands rather than diverge further.
      this.failure ??= e as Error;
      throw this.failure;
    }
    // The store resolves appends in seq order, so this is the state as of durableSeq.
    this.durableSeq = events[events.length - 1]!.seq;
    this.durableState = after;
    const seqs = events.map((e) => e.seq);
    // Before the snapshot below, which carries the applied command ids with the state.
    if (commandId) this.done.set(commandKey(actor.id, commandId), seqs);
    for (const l of this.listeners) l(events, raws);
    void this.maybeSnapshot();
    return seqs;
  }

  private async maybeSnapshot(): Promise<void> {
    const every = this.opts.snapshotEvery ?? 1000;
    if (this.durableSeq - this.lastSnapshotSeq < every) return;
    await this.snapshot().catch(() => undefined); // only a shortcut: the journal stays the truth
  }

  /**
   * Snapshots the durable state only: events still being written are in `state` but not on
   * disk, and a snapshot holding them could outlive them (a power loss).
   */
  private snapshot(): Promise<void> {
    const { durableSeq: seq, durableState: state } = this;
    this.lastSnapshotSeq = seq;
    return this.opts.store.writeSnapshot(seq, state, [...this.done]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.inflight.values()]);
    if (!this.failure && this.durableSeq > this.lastSnapshotSeq) await this.snapshot().catch(() => undefined);
    await this.opts.store.close();
  }
}

/** An event's time from its stored JSON (the store parses only what follows a snapshot); unknown if it does not parse. */
function tsOf(raw: string | undefined): number | null {
  try {
    return raw === undefined ? null : (JSON.parse(raw) as CutoverEvent).ts;
  } catch {
    return null;
  }
}

/**
 * Ids are the client's to choose, so they are scoped per member: another member's command
 * with the same id is a command of its own, never answered with someone else's ack. Events
 * carry both `actor.id` and `commandId`, so the index is rebuilt from the journal alike.
 */
function commandKey(actorId: string, commandId: string): string {
  return `${actorId}\n${commandId}`;
}

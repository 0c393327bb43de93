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
import { SeqConflict, type EventStore } from '../journal/eventStore';
import { AppliedCommands, commandKey } from './appliedCommands';
import { stageTimes } from '../stageTimes';
import { effectFor, type EffectTable } from './effects';
import type { CutoverLog } from './parts';
import { stampWritten } from './writtenAt';

/**
 * `unrecorded`: the store failed under the command, so whether it was recorded is not known
 * (a shared store's COMMIT whose answer was lost) or it was not and the store takes no more.
 * That is no refusal: the connection hands the command back to be sent again (Connection),
 * and a command that was recorded after all is answered with its seqs then.
 */
export type Outcome = { ok: true; seqs: number[]; result?: unknown } | { ok: false; code: string; reason: string; unrecorded?: true };

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
  /*
   * Stored JSON of every event, index = seq - 1: catch-up sends these as they are. Those
   * found on opening are the store's (the file journal decodes each from its bytes only when
   * it is read); those recorded since follow in `raws`.
   */
  private stored: readonly string[] = [];
  private raws: string[] = [];
  /** The highest seq known to be durable; catch-up never goes past it. */
  durableSeq = 0;
  /** The state as of `durableSeq`: the only state a snapshot is taken from. */
  private durableState: CutoverState = emptyCutoverState();
  private done = new AppliedCommands([], (seq) => this.commandAt(seq));
  private inflight = new Map<string, Promise<Outcome>>();
  private listeners = new Set<BatchListener>();
  private failureListeners = new Set<(e: Error) => void>();
  private failure: Error | null = null;
  private lastSnapshotSeq = 0;
  /** When the record began (its first event): no note was written before it. */
  private firstTs: number | null = null;
  /** The time of the last event stored before this hub opened the journal: its last sign of life there. */
  lastStoredTs: number | null = null;
  /*
   * Several hubs on one store (store.shared): a refused append means another hub took those
   * seqs. `gen` counts catch-ups: a decision made before one is made again after it.
   */
  private gen = 0;
  private catchingUp: Promise<void> | null = null;
  /** Appends not yet settled (bookkeeping included): a catch-up waits for them. */
  private appending = new Set<Promise<void>>();
  /** The highest seq other hubs said they stored. */
  private peerHead = 0;
  private stopListening: (() => void) | null = null;

  private constructor(private readonly opts: RuntimeOptions) {}

  static async open(opts: RuntimeOptions): Promise<CutoverRuntime> {
    const rt = new CutoverRuntime(opts);
    const history = await opts.store.open({ foldWhileChecking: true });
    const from = history.snapshot ?? { seq: 0, state: emptyCutoverState(), commands: [] };
    // The store hands over only the events after the snapshot: the rest is in its state. They
    // are read once, each folded and its command remembered as it comes (it may be parsed
    // only then: StoredHistory.events).
    // Each event to fold may start a run of its own: the table is made for that many at once.
    rt.done = new AppliedCommands(from.commands, (seq) => rt.commandAt(seq), history.raws.length - from.seq);
    try {
      rt.state = foldEvents(rt.remembering(history.events), from.state);
      await history.checked;
    } catch (e) {
      // A record the store could not parse or check (JournalCorruptError): the night is
      // refused, and the store let go. A checksum that failed is what opening would have
      // refused first, even when the fold stumbled on a later record before it was known.
      const refusal = await (history.checked ?? Promise.resolve()).then(
        () => e,
        (failed: unknown) => failed,
      );
      await opts.store.close().catch(() => undefined);
      throw refusal;
    }
    rt.stored = history.raws;
    rt.durableSeq = rt.lastSnapshotSeq = history.raws.length;
    rt.durableState = rt.state;
    rt.firstTs = tsOf(history.raws[0]);
    rt.lastStoredTs = tsOf(history.raws[history.raws.length - 1]);
    if (history.recovered) await rt.record(HUB_ACTOR, [{ type: 'journal.recovered', payload: history.recovered }]);
    rt.stopListening =
      opts.store.shared?.onAppended((seq) => {
        rt.peerHead = Math.max(rt.peerHead, seq);
        rt.pullIfIdle();
      }) ?? null;
    return rt;
  }

  get failed(): Error | null {
    return this.failure;
  }

  /**
   * The state as of the last durable event. `state` runs ahead of it by the commands being
   * written, so that each is decided on the one before; what the hub shows outside the crew's
   * sockets (the customers' banner) reads this, so it never tells what may yet be refused.
   */
  get durable(): CutoverState {
    return this.durableState;
  }

  /** Whether other hubs write this night too (a shared store). */
  get shared(): boolean {
    return this.opts.store.shared !== undefined;
  }

  /** The durable event at `seq` as stored JSON; null past the durable end. */
  rawAt(seq: number): string | null {
    if (seq < 1 || seq > this.durableSeq) return null;
    const n = this.stored.length;
    return (seq <= n ? this.stored[seq - 1] : this.raws[seq - 1 - n]) ?? null;
  }

  /** Durable events after `since`, as stored JSON. */
  rawsAfter(since: number): string[] {
    const from = Math.min(since, this.durableSeq);
    const n = this.stored.length;
    const recorded = this.raws.slice(Math.max(0, from - n), this.durableSeq - n);
    return from < n ? this.stored.slice(from).concat(recorded) : recorded;
  }

  subscribe(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears once that the store failed and the runtime records no more (until the hub starts again). */
  onFailure(listener: (e: Error) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** Applies a command once per member and id: a retry gets the first answer, never a second effect. */
  execute(command: Command, actor: Actor): Promise<Outcome> {
    const key = commandKey(actor.id, command.id);
    const seen = this.done.get(actor.id, command.id);
    if (seen) return Promise.resolve({ ok: true, seqs: seen });
    const running = this.inflight.get(key);
    if (running) return running;
    if (this.failure) return Promise.resolve(unrecorded(this.failure));

    // Ids minted by the first decision are minted again by any later one (after another hub
    // took the seqs), so an invite's id matches the token its effect already minted.
    const ids: string[] = [];
    const decideNow = (replay: boolean) => {
      const now = this.opts.now();
      let i = 0;
      const fresh = () => ids[ids.push(this.opts.newId()) - 1]!;
      const newId = replay ? () => (i < ids.length ? ids[i++]! : fresh()) : fresh;
      return decide(this.state, stampWritten(command, { notBefore: this.firstTs ?? now, notAfter: now }), { actor, now, newId });
    };
    const decidedGen = this.gen;
    const decision = decideNow(false);
    if (!decision.ok) return this.refusedOnceWritten(command, actor, { ok: false, code: decision.code, reason: decision.reason }, decidedGen);
    const redecide = (): NewEvent[] => {
      const again = decideNow(true);
      if (!again.ok) throw new Refused(again.code, again.reason);
      return again.events;
    };
    const effect = this.opts.effects && effectFor(this.opts.effects, command);
    const commit = async (result: unknown) => {
      const seqs = await this.commit(actor, decision.events, command.id, redecide, decidedGen).catch((e: Error) => {
        throw e instanceof Refused ? e : new Unrecorded(e);
      });
      return result === undefined ? { ok: true as const, seqs } : { ok: true as const, seqs, result };
    };
    // Without an effect the events are folded before execute returns (commit runs synchronously
    // up to the store's append): several commands read from the socket in one go are each
    // decided against the ones before them. The effect runs before the append, so its answer can
    // only be lost together with the events; a command retried after that is answered without it.
    const outcome = (effect ? effect(decision.events).then(commit) : commit(undefined)).then(
      (o): Outcome => o,
      // An effect that failed ran before the append: nothing was recorded, and it is said so.
      (e: Error): Outcome =>
        e instanceof Unrecorded
          ? unrecorded(e.cause)
          : e instanceof Refused
            ? { ok: false, code: e.code, reason: e.message }
            : { ok: false, code: 'unavailable', reason: e.message },
    );
    this.inflight.set(key, outcome);
    void outcome.finally(() => this.inflight.delete(key));
    return outcome;
  }

  /**
   * A refusal decided on commands still being written is answered once they are: their
   * broadcast then goes out ahead of it, so the refused screen already shows what it was
   * refused for ("already an action item, added by Lena"); and were a write to fail, the
   * reason would name what never happened. Then, or after another hub's events were caught
   * up with, the command is decided again on what is stored.
   */
  private refusedOnceWritten(command: Command, actor: Actor, refusal: Outcome, decidedGen: number): Promise<Outcome> {
    const writing = [...this.appending];
    if (writing.length === 0 && !this.catchingUp) return Promise.resolve(refusal);
    const key = commandKey(actor.id, command.id);
    const outcome = (async () => {
      await Promise.allSettled(writing);
      let caughtUp = false;
      while (this.catchingUp) {
        caughtUp = true;
        await this.catchingUp.catch(() => undefined);
      }
      this.inflight.delete(key);
      return this.failure || caughtUp || decidedGen !== this.gen ? this.execute(command, actor) : refusal;
    })();
    this.inflight.set(key, outcome);
    return outcome;
  }

  /** Appends events the hub itself decided (a member joining, a recovery, a deadline): CutoverLog.record. */
  record(actor: Actor, news: NewEvent[], recheck?: (state: CutoverState) => NewEvent[]): Promise<number[]> {
    return this.commit(actor, news, undefined, recheck && (() => recheck(this.state)), this.gen);
  }

  /**
   * Stamps, folds and appends. On a shared store an append can lose the race for its seqs:
   * then the runtime catches up with what the other hubs stored and decides again (`redecide`;
   * the hub's own events are appended as they were). A command some hub already applied is
   * answered with its seqs.
   */
  private async commit(actor: Actor, first: NewEvent[], commandId: string | undefined, redecide: (() => NewEvent[]) | undefined, decidedGen: number) {
    let news = first;
    let gen = decidedGen;
    for (let attempt = 0; ; attempt++) {
      // Decided during a catch-up (on the state it went back to), or before one: decided again
      // on what it read. The generation alone missed the first: it moves when a catch-up starts.
      let waited = false;
      while (this.catchingUp) {
        waited = true;
        await this.catchingUp;
      }
      if (this.failure) throw this.failure;
      if (gen !== this.gen || waited) {
        const seen = commandId && this.done.get(actor.id, commandId);
        if (seen) return seen;
        news = redecide ? redecide() : news;
        gen = this.gen;
      }
      if (news.length === 0) return [];
      try {
        return await this.stampAndAppend(actor, news, commandId);
      } catch (e) {
        // A shared store's other failures (a connection lost during COMMIT) leave it unknown
        // whether the events were stored: the catch-up says, and a stored command is answered.
        const unknown = !(e instanceof SeqConflict) && this.opts.store.shared !== undefined && attempt < 3;
        if ((!(e instanceof SeqConflict) && !unknown) || attempt >= MAX_ATTEMPTS) throw e;
        // Another hub stored first; whoever sees it first for this generation catches up.
        if (gen === this.gen) void this.startCatchUp().catch(() => undefined);
      }
    }
  }

  private async stampAndAppend(actor: Actor, news: NewEvent[], commandId?: string): Promise<number[]> {
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
          // Several events are stored as a whole or not at all: each says its place (events.ts `part`).
          ...(news.length > 1 ? { part: [i, news.length] } : {}),
          ...n,
        }) as CutoverEvent,
    );
    // Folded at once, so the next command is decided against this one's effects.
    for (const e of events) this.state = applyEvent(this.state, e);
    const after = this.state;
    const raws = events.map((e) => JSON.stringify(e));
    this.raws.push(...raws);
    if (commandId) stageTimes?.decided(commandId, raws[0]);
    let settle!: () => void;
    const settled = new Promise<void>((r) => (settle = r));
    this.appending.add(settled);
    try {
      await this.opts.store.append(raws);
    } catch (e) {
      settle();
      this.appending.delete(settled);
      const shared = this.opts.store.shared;
      // A shared store says what it refused; the catch-up puts memory back in step.
      if (shared && e instanceof SeqConflict) throw e;
      if (shared) {
        void this.startCatchUp().catch(() => undefined);
        throw e;
      }
      // Memory was ahead of disk: it goes back to what was stored, and the runtime takes no
      // more commands rather than diverge (a command the hub refused must show nowhere).
      const first = this.failure === null;
      this.failure ??= e as Error;
      this.state = this.durableState;
      if (first) for (const l of this.failureListeners) l(this.failure);
      throw this.failure;
    }
    // The store resolves appends in seq order, so this is the state as of durableSeq.
    this.durableSeq = events[events.length - 1]!.seq;
    this.durableState = after;
    const seqs = events.map((e) => e.seq);
    // Before the snapshot below, which carries the applied command ids with the state.
    if (commandId) this.done.add(actor.id, commandId, seqs[0]!, seqs.length);
    try {
      for (const l of this.listeners) l(events, raws);
    } finally {
      // Settled whatever a listener did: refusals and catch-ups wait on what is appending.
      settle();
      this.appending.delete(settled);
    }
    void this.maybeSnapshot();
    this.pullIfIdle();
    return seqs;
  }

  /**
   * Reads what other hubs stored after `durableSeq` and folds it, once every append in flight
   * has settled: events decided on a state that missed those are dropped from memory (their
   * appends were refused) and decided again by their commits.
   */
  private startCatchUp(): Promise<void> {
    const shared = this.opts.store.shared;
    if (!shared) return Promise.resolve();
    let read = false;
    this.catchingUp ??= (async () => {
      while (this.appending.size > 0) await Promise.allSettled([...this.appending]);
      this.gen++;
      this.state = this.durableState;
      this.raws.length = this.durableSeq - this.stored.length;
      const raws = await shared.readAfter(this.durableSeq);
      if (raws.length > 0) this.adopt(raws);
      read = true;
    })().finally(() => {
      this.catchingUp = null;
      // Notices that came meanwhile; never straight again after a failed read (the store is away).
      if (read) this.pullIfIdle();
    });
    return this.catchingUp;
  }

  /** Records which command each stored event came from, so a retry of it is answered, not applied again. */
  private remember(events: Iterable<CutoverEvent>): void {
    for (const _ of this.remembering(events));
  }

  /**
   * `events`, remembering each one's command as it passes: a command's events are stored
   * together, one after another, so each run of them is remembered once, when it ends.
   */
  private *remembering(events: Iterable<CutoverEvent>): Generator<CutoverEvent, void, undefined> {
    // The run under way, in locals: an object per run was a hundred thousand of them.
    let actorId = '';
    let commandId: string | undefined;
    let first = 0;
    let count = 0;
    for (const e of events) {
      if (count > 0 && e.commandId === commandId && e.actor.id === actorId && e.seq === first + count) count++;
      else {
        if (count > 0) this.done.add(actorId, commandId!, first, count);
        count = e.commandId ? 1 : 0;
        actorId = e.actor.id;
        commandId = e.commandId;
        first = e.seq;
      }
      yield e;
    }
    if (count > 0) this.done.add(actorId, commandId!, first, count);
  }

  /** Who sent the stored event at `seq`, and as which command: a retry's answer is checked against it. */
  private commandAt(seq: number): { actorId: string; commandId: string | undefined } | null {
    const n = this.stored.length;
    const raw = seq <= n ? this.stored[seq - 1] : this.raws[seq - 1 - n];
    if (raw === undefined) return null;
    const e = JSON.parse(raw) as CutoverEvent;
    return { actorId: e.actor.id, commandId: e.commandId };
  }

  /** Folds events another hub stored, and hands them to the listeners as if this hub had. */
  private adopt(raws: string[]): void {
    const events = raws.map((r) => JSON.parse(r) as CutoverEvent);
    let state = this.durableState;
    for (const e of events) state = applyEvent(state, e);
    this.remember(events);
    this.state = this.durableState = state;
    this.raws.push(...raws);
    this.durableSeq = events[events.length - 1]!.seq;
    this.firstTs ??= events[0]!.ts;
    for (const l of this.listeners) l(events, raws);
    void this.maybeSnapshot();
  }

  /** Catches up with other hubs now unless this hub's own appends are in flight (they will, if they lose). */
  private pullIfIdle(): void {
    if (this.peerHead > this.durableSeq && !this.catchingUp && this.state.seq === this.durableSeq && !this.failure)
      void this.startCatchUp().catch(() => undefined);
  }

  /** Everything other hubs stored so far is folded when this resolves (a hub taking over a cutover's side effects). */
  async syncWithPeers(): Promise<void> {
    if (this.opts.store.shared) await this.startCatchUp();
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
    return this.opts.store.writeSnapshot(seq, state, this.done.runsUpTo(seq));
  }

  async close(): Promise<void> {
    this.stopListening?.();
    await Promise.allSettled([...this.inflight.values()]);
    if (!this.failure && this.durableSeq > this.lastSnapshotSeq) await this.snapshot().catch(() => undefined);
    await this.opts.store.close();
  }
}

/** How often one command may lose the race to other hubs before it is handed back (unrecorded). */
const MAX_ATTEMPTS = 50;

/** The store's failure under a command: `cause` says what it was. */
class Unrecorded extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

const unrecorded = (e: Error): Outcome => ({ ok: false, code: 'unavailable', reason: e.message, unrecorded: true });

/** A command that, decided again after catching up with other hubs, is refused. */
class Refused extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(reason);
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

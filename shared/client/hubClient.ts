import { emptyCutoverState, foldEvents, type CommandPayloadInput, type CommandType, type CutoverEvent, type CutoverState, type Member } from '../cutover';
import {
  CloseCode,
  eventTip,
  FATAL_CLOSE_CODES,
  FRAME_MAX_BYTES,
  PROTOCOL_VERSION,
  STAMPED_COMMANDS,
  SUBPROTOCOL,
  TICKET_PROTOCOL_PREFIX,
  TOKEN_PROTOCOL_PREFIX,
  type PresenceEntry,
  type ServerMessage,
} from '../protocol';
import type { SampleBatch } from '../metrics/schema';
import { DEFAULT_BACKOFF, reconnectDelay, type Backoff } from './backoff';
import { ClockOffset } from './clockOffset';

/** The part of a WebSocket the client uses: the browser's and `ws`'s both fit. */
export type WebSocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
};
export type SocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export type SampleListener = (batches: SampleBatch[], history: boolean) => void;
export type ProbeResult = { ok: true; value: number | null; detail: string } | { ok: false; error: string };

export type ConnectionStatus = 'connecting' | 'syncing' | 'live' | 'offline' | 'refused';

export type PendingCommand = {
  id: string;
  type: CommandType;
  payload: unknown;
  queuedAt: number;
  sent: boolean;
  /** Times the hub let go of the socket (4500, cannot record) while this was sent and unanswered, and when it first did. */
  handedBack?: { times: number; since: number };
};

/**
 * A change the hub could not record this many times, over at least HANDED_BACK_FOR_MS (a
 * database failing over takes seconds), is not sent again by itself: a store that refuses it
 * every time (something in it the database will not take) would have the window reconnect and
 * resend it for good, and nobody would know.
 */
const HANDED_BACK_MAX = 3;
const HANDED_BACK_FOR_MS = 30_000;

/** A command the hub refused that nobody on this page waits for: one put back after a reload. */
export type UnclaimedRefusal = { command: PendingCommand; code: string; reason: string };
export type UnclaimedRefusalListener = (refusal: UnclaimedRefusal) => void;
/** How far the hub's clock was from this device's, as a page measured it, kept for the next page. */
export type KeptClock = { offsetMs: number; rttMs: number };

const TOO_LARGE = `This is too large to send: a hub takes at most ${FRAME_MAX_BYTES / 1024 / 1024} MiB at a time. Shorten it, or attach the rest elsewhere and link to it.`;

/** A command's frame as sent, or null when it is larger than a hub reads. */
function frameOf(cmd: PendingCommand): string | null {
  const frame = JSON.stringify({ t: 'command', id: cmd.id, type: cmd.type, payload: cmd.payload });
  // Each UTF-16 unit is at most 3 bytes of UTF-8: only a long frame is measured.
  if (frame.length * 3 <= FRAME_MAX_BYTES) return frame;
  return new TextEncoder().encode(frame).length <= FRAME_MAX_BYTES ? frame : null;
}

export class CommandRejected extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'CommandRejected';
  }
}

/** Thrown by a ticket provider when the hub refused the token itself: retrying cannot help. */
export class AuthRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'AuthRefused';
  }
}

/** What the hub answered: the seqs of the command's events, and anything only the sender sees. */
export type CommandOutcome = { seqs: number[]; result?: unknown };

export type HubClientOptions = {
  /** ws(s)://host:port/ws/<cutoverId> */
  url: string;
  /**
   * Every hub's socket URL for this cutover when several serve it, `url` first: when one stops
   * answering the client moves on to the next and resumes from its last seq there.
   */
  urls?: string[];
  /**
   * How to authenticate: the invite token itself (web mode), or a function that fetches a
   * one-time ticket per attempt (the desktop app, whose main process keeps the token).
   */
  auth: { token: string } | { ticket: () => Promise<string> };
  name: string;
  createSocket: SocketFactory;
  newId: () => string;
  now: () => number;
  random?: () => number;
  backoff?: Backoff;
  /** How long changes the hub cannot record are sent again before the sender is told (HANDED_BACK_FOR_MS). */
  handBackForMs?: number;
  /** Send an application ping this often (clock samples and liveness). */
  pingEveryMs?: number;
  /** Give up on a silent connection after this long and reconnect. */
  silenceMs?: number;
};

const OPEN = 1;
const PROBE_ANSWER_MS = 20_000;

/**
 * Keeps one window in step with the hub: folds the hub's events with the shared reducer,
 * sends commands (queued while offline, resent after a reconnect: the hub applies an id
 * once), reconnects with jittered backoff and asks only for what it missed.
 */
export class HubClient {
  state: CutoverState = emptyCutoverState();
  events: CutoverEvent[] = [];
  status: ConnectionStatus = 'connecting';
  member: Member | null = null;
  /** The `WARROOM_SECRET_*` variables the hub was started with (names only), from its welcome. */
  envSecrets: readonly string[] = [];
  presence: PresenceEntry[] = [];
  /** Why the hub refused us for good (a bad token), when status is 'refused'. */
  refusal: string | null = null;
  /** Why the hub let us go for now (it cannot record: a failed journal), until we are live again. */
  interruption: string | null = null;
  /** When this client last moved to another hub (its clock), or null: it is on the hub it first reached. */
  movedAt: number | null = null;
  readonly clock = new ClockOffset();

  private ws: WebSocketLike | null = null;
  private queue: PendingCommand[] = [];
  private waiters = new Map<string, { resolve: (o: CommandOutcome) => void; reject: (e: Error) => void }>();
  private listeners = new Set<() => void>();
  private attempt = 0;
  /** The last socket was let go because the hub could not record: the backoff is not reset until something is recorded. */
  private handedBackLast = false;
  private timers: ReturnType<typeof setTimeout>[] = [];
  private pinger: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private stopped = false;
  private sampleListeners = new Set<SampleListener>();
  private refusalListeners = new Set<UnclaimedRefusalListener>();
  /** Refusals heard before anyone listened for them: handed to the first listener. */
  private unheardRefusals: UnclaimedRefusal[] = [];
  private probes = new Map<string, (r: ProbeResult) => void>();
  private readonly urls: string[];
  private hubIndex = 0;
  /** Hubs tried since the last one that took us: past all of them, the backoff applies. */
  private triedSinceLive = 0;
  /** The hub this client was last live on. */
  private liveOn: string | null = null;

  constructor(private readonly opts: HubClientOptions) {
    this.urls = [...new Set([opts.url, ...(opts.urls ?? [])])];
  }

  /** How many hubs serve this night (the client moves between them). */
  get hubCount(): number {
    return this.urls.length;
  }

  /** The socket URL of the hub this client is on (or trying). */
  get hub(): string {
    return this.urls[this.hubIndex]!;
  }

  /**
   * Lag samples as they arrive. Kept apart from `subscribe`: a second's points for ten
   * series must not make every window redraw its runbook.
   */
  onSamples(listener: SampleListener): () => void {
    this.sampleListeners.add(listener);
    return () => this.sampleListeners.delete(listener);
  }

  /**
   * Refusals of commands no `send` on this page waits for: those put back by `restorePending`
   * after a reload. Their sender is gone with the old page, so whoever shows refusals must hear
   * of them here, or the change would vanish without a word. Any heard before a listener came
   * are handed to it at once.
   */
  onUnclaimedRefusal(listener: UnclaimedRefusalListener): () => void {
    this.refusalListeners.add(listener);
    for (const r of this.unheardRefusals.splice(0)) listener(r);
    return () => this.refusalListeners.delete(listener);
  }

  /** Reads a lag source once through the hub ("test connection"); nothing is recorded. */
  probe(source: unknown): Promise<ProbeResult> {
    return this.ask({ t: 'probe', source });
  }

  /** Checks a comms destination as the cutover has it set up (token, scopes, channel). */
  checkComms(destination: 'slack' | 'statuspage' | 'webhook'): Promise<ProbeResult> {
    return this.ask({ t: 'checkComms', destination });
  }

  private ask(message: Record<string, unknown>): Promise<ProbeResult> {
    if (this.status !== 'live' || this.ws?.readyState !== OPEN) return Promise.resolve({ ok: false, error: 'Not connected to the hub' });
    const id = this.opts.newId();
    this.ws.send(JSON.stringify({ ...message, id }));
    return new Promise((resolve) => {
      // The hub answers within its own probe timeout; past this, something was lost on the way.
      const timer = setTimeout(() => {
        this.probes.delete(id);
        resolve({ ok: false, error: 'The hub did not answer the test in time' });
      }, PROBE_ANSWER_MS);
      this.probes.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  get pending(): readonly PendingCommand[] {
    return this.queue;
  }

  /** Hub time now, as best this client knows it. */
  hubNow(): number {
    return this.opts.now() + this.clock.offsetMs;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.pinger) clearInterval(this.pinger);
    this.ws?.close(1000, 'client closed');
    this.ws = null;
  }

  /**
   * Puts back commands that were queued when the page went away (a reload, a crash). They
   * keep their ids, so the hub applies each at most once however often they are resent.
   */
  restorePending(commands: readonly PendingCommand[]): void {
    const known = new Set(this.queue.map((c) => c.id));
    // One too large for a hub could only ever be refused by it: it is not put back.
    for (const c of commands) if (!known.has(c.id) && frameOf(c) !== null) this.queue.push({ ...c, sent: false });
    if (this.status === 'live') for (const c of this.queue) if (!c.sent) this.transmit(c);
    this.notify();
  }

  /**
   * Puts back the night as this device last kept it (no hub answering after a reload): folded at
   * once so it is on screen, read-only until a hub answers and catches the client up from there.
   * Only onto an empty client: whatever a hub already sent wins. `heardAt`: when the hub was last
   * heard (hub time), what the screen says it is "as of".
   */
  restoreEvents(events: readonly CutoverEvent[], heardAt: number | null, member: Member | null = null, clock: KeptClock | null = null): void {
    if (clock && !this.clock.measured) this.clock.useKept(clock.offsetMs, clock.rttMs);
    if (this.state.seq > 0 || events.length === 0 || this.status === 'syncing' || this.status === 'live') return;
    // As far as the seqs follow on from the first.
    const end = events.findIndex((e, i) => e.seq !== i + 1);
    const kept = end < 0 ? [...events] : events.slice(0, end);
    let state: CutoverState;
    try {
      state = foldEvents(kept);
    } catch {
      return; // a kept copy that does not fold is dropped; the hub sends the night again
    }
    this.state = state;
    this.events = kept;
    this.restoredHeardAt = heardAt;
    this.member ??= member;
    this.notify();
  }

  /** When the hub was last heard, for a night restored from this device; null otherwise. */
  restoredHeardAt: number | null = null;

  /** How many times the hub had this window start the night over (its history differed): a copy kept of the events follows. */
  startedOver = 0;

  /** Sends a command; resolves with its seqs once durable on the hub, rejects with the hub's reason. */
  send<T extends CommandType>(type: T, payload: CommandPayloadInput<T>): { id: string; done: Promise<number[]>; outcome: Promise<CommandOutcome> } {
    const id = this.opts.newId();
    // What people write is dated when they wrote it, in hub time: it may reach the hub much
    // later (offline, or the hub away). Only once the offset is measured: an unchecked laptop
    // clock could date a note wrongly, and the hub's time of delivery is then the truer one.
    const stamp = STAMPED_COMMANDS.has(type) && (payload as { writtenAt?: unknown }).writtenAt === undefined && this.clock.bestRttMs !== null;
    const cmd: PendingCommand = { id, type, payload: stamp ? { ...payload, writtenAt: this.hubNow() } : payload, queuedAt: this.opts.now(), sent: false };
    const frame = frameOf(cmd);
    if (frame === null) {
      const outcome = Promise.reject(new CommandRejected('invalid', TOO_LARGE));
      const done = outcome.then((o: CommandOutcome) => o.seqs);
      outcome.catch(() => undefined);
      done.catch(() => undefined);
      return { id, outcome, done };
    }
    this.queue.push(cmd);
    const outcome = new Promise<CommandOutcome>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    if (this.status === 'live') this.transmit(cmd, frame);
    this.notify();
    const done = outcome.then((o) => o.seqs);
    // Callers await one or the other; the one left unwatched must not report as unhandled.
    done.catch(() => undefined);
    return { id, outcome, done };
  }

  /** `frame`: the command's, when the caller has it already (send measured it). */
  private transmit(cmd: PendingCommand, frame = frameOf(cmd)): void {
    // A command too large never gets here: send and restorePending keep it out of the queue.
    if (this.ws?.readyState !== OPEN || frame === null) return;
    this.ws.send(frame);
    cmd.sent = true;
  }

  private async credentialProtocol(): Promise<string> {
    const auth = this.opts.auth;
    return 'token' in auth ? TOKEN_PROTOCOL_PREFIX + auth.token : TICKET_PROTOCOL_PREFIX + (await auth.ticket());
  }

  private retryLater(): void {
    this.setStatus('offline');
    if (this.stopped) return;
    // Several hubs: straight on to the next; only once every one was tried does the backoff grow.
    const moveOn = this.urls.length > 1 && ++this.triedSinceLive < this.urls.length;
    if (this.urls.length > 1) this.hubIndex = (this.hubIndex + 1) % this.urls.length;
    const backoff = this.opts.backoff ?? DEFAULT_BACKOFF;
    const delay = moveOn ? Math.min(backoff.baseMs, 100) : reconnectDelay(this.attempt++, this.opts.random ?? Math.random, backoff);
    this.timers.push(setTimeout(() => this.connect(), delay));
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus('connecting');
    this.credentialProtocol().then(
      (credential) => this.open(credential),
      (e: unknown) => {
        if (e instanceof AuthRefused) {
          this.refusal = e.message;
          return this.setStatus('refused');
        }
        this.retryLater();
      },
    );
  }

  private open(credential: string): void {
    if (this.stopped) return;
    const ws = this.opts.createSocket(this.hub, [SUBPROTOCOL, credential]);
    this.ws = ws;
    ws.onopen = () => {
      this.lastHeard = this.opts.now();
      this.setStatus('syncing');
      const last = this.events[this.events.length - 1];
      const tip = last?.seq === this.state.seq ? eventTip(last) : undefined;
      ws.send(JSON.stringify({ t: 'hello', protocol: PROTOCOL_VERSION, name: this.opts.name, since: this.state.seq, ...(tip ? { tip } : {}) }));
      this.ping();
      // Watched from the start: a link that dies during the catch-up leaves nothing to send,
      // and a window would sit "catching up" for good with its commands unsent.
      this.startPinging();
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return; // one given up on, still closing: its frames are another connection's
      this.lastHeard = this.opts.now();
      if (typeof ev.data === 'string') this.onMessage(JSON.parse(ev.data) as ServerMessage);
    };
    ws.onerror = () => undefined; // onclose follows and decides
    ws.onclose = (ev) => this.lost(ws, ev.code, ev.reason);
  }

  /** The socket `ws` is done with (closed, or given up on): unless it was refused for good, connect again. */
  private lost(ws: WebSocketLike, code: number, reason: string): void {
    if (this.ws !== ws) return;
    this.ws = null;
    if (this.pinger) clearInterval(this.pinger);
    // The hub cannot record: what was sent is counted (handBack), the reason kept through the
    // reconnects that follow (a hello is refused alike) until one goes through, and the backoff
    // keeps growing through the welcomes between: each resend would meet it again.
    this.handedBackLast = code === CloseCode.journalFailed;
    if (this.handedBackLast) {
      this.interruption = reason || 'The hub cannot record just now';
      this.handBack(this.interruption);
    }
    for (const c of this.queue) c.sent = false; // unacked: resend after the next welcome
    for (const resolve of this.probes.values()) resolve({ ok: false, error: 'The connection to the hub dropped during the test' });
    this.probes.clear();
    if (FATAL_CLOSE_CODES.has(code)) {
      this.refusal = reason || `Refused by the hub (code ${code})`;
      this.setStatus('refused');
      return;
    }
    this.retryLater();
  }

  private onMessage(msg: ServerMessage): void {
    switch (msg.t) {
      case 'welcome':
        this.member = msg.member;
        this.envSecrets = msg.envSecrets ?? [];
        if (msg.resumeFrom !== this.state.seq) {
          this.state = emptyCutoverState();
          this.events = [];
          this.startedOver++;
        }
        break;
      case 'events': {
        // The frame's events that follow on, folded in one go (a catch-up slice is 500 of them).
        const run: CutoverEvent[] = [];
        let gap = false;
        for (const e of msg.events) {
          const head = run.length > 0 ? run[run.length - 1]!.seq : this.state.seq;
          if (e.seq <= head) continue; // already folded (a resend raced a catch-up)
          if (e.seq !== head + 1) {
            gap = true;
            break;
          }
          run.push(e);
        }
        if (run.length > 0) {
          this.state = foldEvents(run, this.state);
          this.events.push(...run);
        }
        // A gap means we missed something: start over from what we have.
        if (gap) return this.ws?.close(4000, 'gap in events');
        // A catch-up arrives in slices; listeners hear about it once, at `synced`, so a
        // window joining a long night draws it once rather than once per slice.
        if (this.status === 'syncing') return;
        break;
      }
      case 'synced':
        this.interruption = null;
        if (!this.handedBackLast) this.attempt = 0;
        this.triedSinceLive = 0;
        if (this.liveOn !== null && this.liveOn !== this.hub) this.movedAt = this.opts.now();
        this.liveOn = this.hub;
        this.setStatus('live');
        for (const c of this.queue) if (!c.sent) this.transmit(c);
        break;
      case 'ack':
      case 'reject': {
        const command = this.queue.find((c) => c.id === msg.id);
        this.queue = this.queue.filter((c) => c.id !== msg.id);
        const w = this.waiters.get(msg.id);
        this.waiters.delete(msg.id);
        // Recorded: the hub records again, and a later reconnect starts from a short wait.
        if (msg.t === 'ack' && this.handedBackLast) {
          this.handedBackLast = false;
          this.attempt = 0;
        }
        if (msg.t === 'ack') w?.resolve({ seqs: msg.seqs, ...(msg.result !== undefined ? { result: msg.result } : {}) });
        else if (w) w.reject(new CommandRejected(msg.code, msg.reason));
        else if (command) this.refusedUnclaimed({ command, code: msg.code, reason: msg.reason });
        break;
      }
      case 'presence':
        this.presence = msg.members;
        break;
      case 'pong':
        this.clock.add(msg.t0, msg.serverTime, this.opts.now());
        break;
      case 'error':
        break; // the hub could not read something we sent; nothing to undo
      case 'samples':
        for (const l of this.sampleListeners) l(msg.batches, msg.history);
        return;
      case 'probed': {
        const resolve = this.probes.get(msg.id);
        this.probes.delete(msg.id);
        resolve?.(msg.ok ? { ok: true, value: msg.value, detail: msg.detail } : { ok: false, error: msg.error });
        return;
      }
    }
    // While catching up, listeners hear nothing until `synced` (as for the events above). The
    // pong to the ping sent with hello comes back amid the catch-up's slices: it had every
    // window draw the night half-folded, a whole screen's render that the slices after it
    // then waited on, and the same screen again at `synced`. A welcome that starts the
    // history over would have had them draw it empty.
    if (this.status !== 'syncing') this.notify();
  }

  /** The hub could not record what was sent: counted, and past HANDED_BACK_MAX said to the sender as a refusal (its text kept there). */
  private handBack(reason: string): void {
    const now = this.opts.now();
    for (const c of this.queue.filter((x) => x.sent)) {
      c.handedBack = { times: (c.handedBack?.times ?? 0) + 1, since: c.handedBack?.since ?? now };
      if (c.handedBack.times < HANDED_BACK_MAX || now - c.handedBack.since < (this.opts.handBackForMs ?? HANDED_BACK_FOR_MS)) continue;
      this.queue = this.queue.filter((x) => x !== c);
      const why = `${reason}, ${HANDED_BACK_MAX} times for this change: it is not sent again by itself. Look at the night, and do it again if it is not there`;
      const w = this.waiters.get(c.id);
      this.waiters.delete(c.id);
      if (w) w.reject(new CommandRejected('unavailable', why));
      else this.refusedUnclaimed({ command: c, code: 'unavailable', reason: why });
    }
  }

  private refusedUnclaimed(refusal: UnclaimedRefusal): void {
    if (this.refusalListeners.size === 0) this.unheardRefusals.push(refusal);
    for (const l of this.refusalListeners) l(refusal);
  }

  private ping(): void {
    if (this.ws?.readyState === OPEN) this.ws.send(JSON.stringify({ t: 'ping', t0: this.opts.now() }));
  }

  private startPinging(): void {
    if (this.pinger) clearInterval(this.pinger);
    const every = this.opts.pingEveryMs ?? 15_000;
    this.pinger = setInterval(() => {
      const ws = this.ws;
      if (ws && this.opts.now() - this.lastHeard > (this.opts.silenceMs ?? every * 3)) {
        // Reconnect rather than wait on a dead link: at once, not when the close handshake,
        // which a silent hub never answers, gives up (30 s in ws, as long in a browser).
        this.lost(ws, 4000, 'hub went silent');
        ws.close(4000, 'hub went silent');
        return;
      }
      this.ping();
    }, every);
  }

  private setStatus(s: ConnectionStatus): void {
    this.status = s;
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}

import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { joiningRole, joinRefusal } from '@shared/crew';
import { parseCommand, type Actor, type CutoverEvent, type Member } from '@shared/cutover';
import { ClientMessageSchema, CloseCode, COMMAND_ID_MAX, eventTip, PROTOCOL_VERSION, type Hello, type ServerMessage } from '@shared/protocol';
import type { Invite } from '../auth/tokens';
import type { Integrations, OpenCutover } from '../cutovers/registry';
import { stageTimes } from '../stageTimes';
import { fitCloseReason, readHello } from './hello';
import { REVOKED } from './inviteRoute';
import { checkComms, probeSource } from './probes';

/**
 * Catch-up is sent in slices so one reconnect never builds a giant frame: at most 500 events,
 * and at most this many characters (up to three times as many bytes). By count alone, a
 * slice of wide events (notes of pasted terminal output) was 12 MB, past the 8 MiB a socket
 * may hold unsent, and the reply to the client's first ping then cut it (4008).
 */
const CATCH_UP_CHUNK = 500;
const CATCH_UP_CHARS = 256 * 1024;
/**
 * Past this much unsent, catch-up waits for its last slice to reach the socket: a long night
 * sent to a slow link never builds the backlog that would cut it (and it would come back).
 */
const CATCH_UP_LOW_WATER = 1024 * 1024;
/** Every frame is text, also when it is handed over as bytes. */
const TEXT = { binary: false } as const;
/** A refusal's sentence is for people; one built from a hostile payload is cut short. */
const REASON_MAX = 500;

/** A store's words for a screen: no address (a database URL names its host and user), cut to fit a close frame. */
function briefly(why: string, max: number): string {
  const plain = why
    .replace(/\b[a-z][\w+.-]*:\/\/\S+?: /gi, '')
    .replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, 'the store')
    .trim();
  return plain.length <= max ? plain : `${plain.slice(0, max - 1)}…`;
}

/** Why the hub closes a socket it cannot record for: the client keeps its changes and tries again. */
export const cannotRecord = (why: string): string => `The hub cannot record just now (${briefly(why, 80)})`;

/** Why, once its journal failed: nothing more is recorded until whoever runs the hub mends it and starts it again. */
export const stoppedRecording = (why: string): string => `The hub stopped recording (${briefly(why, 56)}): it must be mended and restarted`;

/** The reason a socket is let go for a store failure: for good until a restart, or for now. */
const unrecordedReason = (runtime: { failed: Error | null }, why: string): string =>
  runtime.failed ? stoppedRecording(runtime.failed.message) : cannotRecord(why);

export type ConnectionHooks = {
  now: () => number;
  helloTimeoutMs: number;
  /** A socket whose unsent backlog passes this is cut with 4008; every frame counts, replies too. */
  maxBufferedBytes: number;
  /** Called once the connection has caught up and should receive live batches. */
  joined: (c: Connection) => void;
  left: (c: Connection) => void;
  integrations: Integrations;
};

/** A stable id per person per invite: the same name on the same link is the same member. */
export const memberIdFor = (inviteId: string, name: string): string =>
  `m-${createHash('sha256').update(`${inviteId}\n${name.trim().toLowerCase()}`).digest('hex').slice(0, 12)}`;

/**
 * One authenticated socket: it waits for hello, catches the client up from its seq, then
 * turns each command into an ack or a reject. A first frame that is not a hello closes it
 * (4400); a malformed message later gets an error frame and everyone carries on.
 */
export class Connection {
  member: Member | null = null;
  connectedAt: number;
  private helloTimer: NodeJS.Timeout;
  /** hello: none read yet; joining: catching up; live: in the fan-out and presence; gone: closed or closing. */
  private stage: 'hello' | 'joining' | 'live' | 'gone' = 'hello';
  private readonly closed: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    /** The upgraded socket under `ws`, for frames built once for many (sendFrame). */
    private readonly socket: Duplex,
    readonly cutover: OpenCutover,
    readonly invite: Invite,
    private readonly hooks: ConnectionHooks,
  ) {
    this.connectedAt = hooks.now();
    this.helloTimer = setTimeout(() => this.close(CloseCode.helloTimeout, 'No hello received in time'), hooks.helloTimeoutMs);
    ws.on('message', (data, isBinary) => void this.onMessage(isBinary ? null : data.toString()));
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    void this.closed.then(() => this.leave());
  }

  /** Who acts, with the role the journal gives them now: the lead may have changed it. */
  get actor(): Actor {
    const m = this.member!;
    return { id: m.id, name: m.name, role: this.cutover.runtime.state.members[m.id]?.role ?? m.role };
  }

  send(msg: ServerMessage): void {
    this.sendRaw(JSON.stringify(msg));
  }

  /**
   * Sends one frame, unless the socket's unsent backlog is already past the limit: then the
   * client is not reading and is cut with 4008. A reply counts as much as a broadcast, or a
   * member could make the hub hold replies it never reads. `written`: once it reached the
   * socket (or the socket went). False when nothing was sent. A broadcast goes by sendFrame.
   */
  sendRaw(frame: string, written?: () => void): boolean {
    if (!this.mayWrite()) return false;
    this.ws.send(frame, TEXT, written && (() => written()));
    return true;
  }

  /**
   * Sends a whole frame built by textFrame: a broadcast's, the same bytes for every socket.
   * Written to the socket under `ws`, which ws itself writes each of its frames to whole, in
   * one synchronous write (no compression is agreed), so frames never interleave; what is
   * unsent counts in `ws.bufferedAmount` as ws's own frames do.
   */
  sendFrame(frame: Buffer): boolean {
    if (!this.mayWrite()) return false;
    this.socket.write(frame);
    return true;
  }

  /** Open, and not too far behind: one that is is cut with 4008 (sendRaw says why). */
  private mayWrite(): boolean {
    if (this.ws.readyState !== this.ws.OPEN) return false;
    if (this.ws.bufferedAmount > this.hooks.maxBufferedBytes) {
      this.close(CloseCode.tooSlow, 'Too far behind; reconnect to catch up');
      return false;
    }
    return true;
  }

  /** The invite was revoked: on this hub, or in the journal (another hub of the same night took it). */
  private revoked(): boolean {
    return this.invite.revokedAt !== null || (this.cutover.runtime.state.invites[this.invite.id]?.revokedAt ?? null) !== null;
  }

  close(code: number, reason: string): void {
    this.ws.close(code, fitCloseReason(reason));
    // The close handshake waits behind whatever is unsent, for a slow client for good: it
    // leaves presence and the fan-out now, not when the handshake gives up 30 s later.
    this.leave();
  }

  private leave(): void {
    clearTimeout(this.helloTimer);
    const wasLive = this.stage === 'live';
    this.stage = 'gone';
    // After the current turn: a cut can happen while the fan-out is mid-way through its connections.
    if (wasLive) queueMicrotask(() => this.hooks.left(this));
  }

  private async onMessage(text: string | null): Promise<void> {
    if (this.stage === 'gone') return;
    const arrivedAt = stageTimes ? performance.now() : 0;
    if (this.stage === 'hello') {
      const first = readHello(text);
      if (!first.ok) return this.close(CloseCode.badHello, first.reason);
      this.stage = 'joining';
      return this.onHello(first.hello);
    }
    if (text === null) return this.send({ t: 'error', code: 'malformed', reason: 'Binary frames are not part of the protocol' });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.send({ t: 'error', code: 'malformed', reason: 'The message is not valid JSON' });
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const t = (json as { t?: unknown } | null)?.t;
      return this.send({
        t: 'error',
        code: 'malformed',
        reason: typeof t === 'string' ? `Message "${t.slice(0, 40)}" is malformed or unknown` : 'A message needs a type field "t"',
      });
    }
    const msg = parsed.data;
    if (msg.t === 'hello') return this.send({ t: 'error', code: 'already_joined', reason: 'This connection has already said hello' });
    if (msg.t === 'ping') return this.send({ t: 'pong', t0: msg.t0, serverTime: this.hooks.now() });
    if (!this.member) return this.send({ t: 'error', code: 'not_joined', reason: 'Say hello before sending commands' });
    // Revoking cuts the live holders at once (Fanout.disconnectInvite); one still catching up
    // is not in the fan-out yet, and would otherwise act on a revoked link.
    if (this.revoked()) return this.close(CloseCode.revoked, REVOKED);
    if (msg.t === 'probe') return this.send({ t: 'probed', id: msg.id, ...(await probeSource(this.actor.role, msg.source, this.cutover.secrets)) });
    if (msg.t === 'checkComms') {
      const { now, integrations } = this.hooks;
      return this.send({
        t: 'probed',
        id: msg.id,
        ...(await checkComms(this.actor.role, msg.destination, this.cutover, {
          now,
          ...(integrations.slackApiUrl ? { slackApiUrl: integrations.slackApiUrl } : {}),
        })),
      });
    }
    const cmd = parseCommand(msg);
    // An over-long id is refused by parseCommand; it is echoed only as long as an id may be.
    if (!cmd.ok) return this.send({ t: 'reject', id: msg.id.slice(0, COMMAND_ID_MAX), code: 'invalid', reason: cmd.reason.slice(0, REASON_MAX) });
    stageTimes?.arrived(cmd.command.id, arrivedAt);
    // The runtime runs the command's hub-only effect (cutovers/effects.ts) with it.
    const outcome = await this.cutover.runtime.execute(cmd.command, this.actor);
    // Not refused: the store failed under it. The client keeps it and sends it again once the
    // hub can record (a command recorded after all is then answered with its seqs).
    if (!outcome.ok && outcome.unrecorded) return this.close(CloseCode.journalFailed, unrecordedReason(this.cutover.runtime, outcome.reason));
    if (!outcome.ok) return this.send({ t: 'reject', id: msg.id, code: outcome.code, reason: outcome.reason.slice(0, REASON_MAX) });
    this.send({ t: 'ack', id: msg.id, seqs: outcome.seqs, ...(outcome.result !== undefined ? { result: outcome.result } : {}) });
  }

  private async onHello(hello: Hello): Promise<void> {
    clearTimeout(this.helloTimer);
    if (this.revoked()) return this.close(CloseCode.revoked, REVOKED);
    const { runtime } = this.cutover;
    if (runtime.failed) return this.close(CloseCode.journalFailed, stoppedRecording(runtime.failed.message));
    const id = memberIdFor(this.invite.id, hello.name);
    // A link meant for one person lets in only the first who came by it.
    const taken = joinRefusal(runtime.state, this.invite.id, id);
    if (taken) return this.close(CloseCode.unauthorized, taken);
    const known = runtime.state.members[id];
    // The lead may have given this person another role or station since they came in by the
    // invite; someone new comes in with what the link gives now (joiningRole).
    const member: Member = {
      id,
      name: hello.name,
      role: known?.role ?? joiningRole(runtime.state, this.invite),
      station: known?.station ?? this.invite.station,
      inviteId: this.invite.id,
    };
    try {
      if (!runtime.state.members[id]) await runtime.record({ id, name: member.name, role: member.role }, [{ type: 'member.joined', payload: { member } }]);
    } catch (e) {
      return this.close(CloseCode.journalFailed, unrecordedReason(runtime, (e as Error).message));
    }
    this.member = member;
    // A client ahead of a hub on a shared store may only have heard from another hub first.
    if (hello.since > runtime.durableSeq && runtime.shared) await runtime.syncWithPeers().catch(() => undefined);
    // A client ahead of the hub, or holding another event at its seq, remembers some other
    // history (a restored journal, a failover that lost writes): it starts over.
    const resumeFrom = hello.since > runtime.durableSeq || !sameTip(runtime, hello) ? 0 : hello.since;
    this.send({
      t: 'welcome',
      protocol: PROTOCOL_VERSION,
      cutoverId: this.cutover.id,
      member,
      serverTime: this.hooks.now(),
      headSeq: runtime.durableSeq,
      resumeFrom,
      envSecrets: this.hooks.integrations.vault.environmentNames(),
    });
    if (!(await this.catchUp(resumeFrom))) return;
    // Revoked, or the journal failed, while catching up: the fan-out reaches only live connections.
    if (this.revoked()) return this.close(CloseCode.revoked, REVOKED);
    const failed = this.cutover.runtime.failed; // (narrowed to null above, before the awaits)
    if (failed) return this.close(CloseCode.journalFailed, stoppedRecording(failed.message));
    // Nothing awaits from the catch-up's last check to joining, so no batch falls between them.
    this.send({ t: 'synced', seq: runtime.durableSeq });
    const history = this.cutover.metrics.history();
    if (history.length > 0) this.send({ t: 'samples', batches: history, history: true });
    if (this.stage !== 'joining') return; // cut while sending them
    this.stage = 'live';
    this.hooks.joined(this);
  }

  /**
   * Sends the durable events after `from` in slices, pacing them by the socket (see
   * CATCH_UP_LOW_WATER); events made durable meanwhile are sent too. False when the socket went.
   */
  private async catchUp(from: number): Promise<boolean> {
    const { runtime } = this.cutover;
    let sent = from;
    let written: Promise<void> = Promise.resolve();
    while (sent < runtime.durableSeq) {
      const raws = runtime.rawsAfter(sent);
      for (let i = 0; i < raws.length;) {
        if (this.ws.bufferedAmount > CATCH_UP_LOW_WATER) await Promise.race([written, this.closed]);
        if (this.stage !== 'joining') return false;
        const end = sliceEnd(raws, i);
        const frame = `{"t":"events","events":[${raws.slice(i, end).join(',')}]}`;
        i = end;
        written = new Promise((resolve) => {
          if (!this.sendRaw(frame, resolve)) resolve();
        });
      }
      sent += raws.length;
    }
    return this.stage === 'joining';
  }
}

/** Whether the hub's event at the hello's `since` is the one the client holds there (an older client, sending no tip, is taken at its word). */
function sameTip(runtime: { rawAt(seq: number): string | null }, hello: Hello): boolean {
  if (hello.tip === undefined || hello.since === 0) return true;
  const raw = runtime.rawAt(hello.since);
  return raw === null || eventTip(JSON.parse(raw) as CutoverEvent) === hello.tip;
}

/** Where the catch-up slice from `i` ends: after CATCH_UP_CHUNK events or CATCH_UP_CHARS characters, and at least one event. */
function sliceEnd(raws: readonly string[], i: number): number {
  let end = i + 1;
  let chars = raws[i]!.length;
  while (end < raws.length && end - i < CATCH_UP_CHUNK && chars + raws[end]!.length <= CATCH_UP_CHARS) chars += raws[end++]!.length;
  return end;
}

import { createHash } from 'node:crypto';
import type WebSocket from 'ws';
import { formatIssues, parseCommand, type Actor, type Member, type NewEvent } from '../../../shared/cutover';
import {
  ClientMessageSchema,
  CloseCode,
  PROTOCOL_VERSION,
  type Hello,
  type ServerMessage,
} from '../../../shared/protocol';
import type { Invite } from '../auth/tokens';
import type { Integrations, OpenCutover } from '../cutovers/registry';
import { testSource } from '../metrics/sources';
import { checkDestination } from '../comms/check';
import { SourceConfigSchema, sourceSecretNames } from '../../../shared/metrics';

/** Catch-up is sent in slices so one reconnect never builds a giant frame. */
const CATCH_UP_CHUNK = 500;

export type SessionHooks = {
  now: () => number;
  helloTimeoutMs: number;
  /** Called once the session has caught up and should receive live batches. */
  joined: (s: Session) => void;
  left: (s: Session) => void;
  integrations: Integrations;
};

/** A probe reads a source once; a slow one must not hold the crew's "Test" button for long. */
const PROBE_TIMEOUT_MS = 10_000;

/** A stable id per person per invite: the same name on the same link is the same member. */
export const memberIdFor = (inviteId: string, name: string): string =>
  `m-${createHash('sha256').update(`${inviteId}\n${name.trim().toLowerCase()}`).digest('hex').slice(0, 12)}`;

/**
 * One authenticated socket: it waits for hello, catches the client up from its seq, then
 * turns each command into an ack or a reject. A malformed message gets an error frame;
 * the connection and everyone else carry on.
 */
export class Session {
  member: Member | null = null;
  connectedAt: number;
  private helloTimer: NodeJS.Timeout;

  constructor(
    readonly ws: WebSocket,
    readonly cutover: OpenCutover,
    readonly invite: Invite,
    private readonly hooks: SessionHooks,
  ) {
    this.connectedAt = hooks.now();
    this.helloTimer = setTimeout(() => this.close(CloseCode.helloTimeout, 'No hello received in time'), hooks.helloTimeoutMs);
    ws.on('message', (data, isBinary) => void this.onMessage(isBinary ? null : data.toString()));
    ws.on('close', () => {
      clearTimeout(this.helloTimer);
      if (this.member) hooks.left(this);
    });
  }

  /** Who acts, with the role the journal gives them now: the lead may have changed it. */
  get actor(): Actor {
    const m = this.member!;
    return { id: m.id, name: m.name, role: this.cutover.runtime.state.members[m.id]?.role ?? m.role };
  }

  send(msg: ServerMessage): void {
    this.sendRaw(JSON.stringify(msg));
  }

  sendRaw(frame: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason.slice(0, 120)); // a close reason must fit in 123 bytes
  }

  private async onMessage(text: string | null): Promise<void> {
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
      return this.send({ t: 'error', code: 'malformed', reason: typeof t === 'string' ? `Message "${t.slice(0, 40)}" is malformed or unknown` : 'A message needs a type field "t"' });
    }
    const msg = parsed.data;
    if (msg.t === 'hello') return this.onHello(msg);
    if (msg.t === 'ping') return this.send({ t: 'pong', t0: msg.t0, serverTime: this.hooks.now() });
    if (!this.member) return this.send({ t: 'error', code: 'not_joined', reason: 'Say hello before sending commands' });
    if (msg.t === 'probe') return this.probe(msg.id, msg.source);
    if (msg.t === 'checkComms') return this.checkComms(msg.id, msg.destination);
    const cmd = parseCommand(msg);
    if (!cmd.ok) return this.send({ t: 'reject', id: msg.id, code: 'invalid', reason: cmd.reason });
    const command = cmd.command;
    const effect = command.type === 'invite.create' ? this.mintInvite : command.type === 'secret.set' ? () => this.cutover.secrets.set(command.payload.name, command.payload.value) : undefined;
    const outcome = await this.cutover.runtime.execute(command, this.actor, effect);
    if (!outcome.ok) return this.send({ t: 'reject', id: msg.id, code: outcome.code, reason: outcome.reason });
    this.send({ t: 'ack', id: msg.id, seqs: outcome.seqs, ...(outcome.result !== undefined ? { result: outcome.result } : {}) });
  }

  /** One read of a source that is not saved yet, for the crew who may set series up. */
  private async probe(id: string, raw: unknown): Promise<void> {
    const role = this.actor.role;
    if (role !== 'lead' && role !== 'operator') return this.send({ t: 'probed', id, ok: false, error: 'Only the lead or an operator may test lag sources' });
    const parsed = SourceConfigSchema.safeParse(raw);
    if (!parsed.success) return this.send({ t: 'probed', id, ok: false, error: `The source is not complete: ${formatIssues(parsed.error)}` });
    if (parsed.data.kind === 'push' || parsed.data.kind === 'simulated') return this.send({ t: 'probed', id, ok: false, error: 'This kind of series is not polled, so there is nothing to test' });
    if (role !== 'lead' && sourceSecretNames(parsed.data).length > 0) return this.send({ t: 'probed', id, ok: false, error: 'Only the lead may test a source that uses a hub secret' });
    const secrets = this.cutover.secrets;
    const result = await testSource(parsed.data, { secret: (n: string) => secrets.get(n) }, PROBE_TIMEOUT_MS);
    this.send(result.ok ? { t: 'probed', id, ok: true, value: result.value, detail: `Read ${result.value}` } : { t: 'probed', id, ok: false, error: result.error });
  }

  private async checkComms(id: string, destination: 'slack' | 'statuspage' | 'webhook'): Promise<void> {
    if (this.actor.role !== 'lead' && this.actor.role !== 'comms') return this.send({ t: 'probed', id, ok: false, error: 'Only the lead or comms may test comms' });
    const result = await checkDestination(this.cutover.runtime.state, destination, { vault: this.cutover.secrets, now: this.hooks.now, ...(this.hooks.integrations.slackApiUrl ? { slackApiUrl: this.hooks.integrations.slackApiUrl } : {}) });
    this.send(result.ok ? { t: 'probed', id, ok: true, value: null, detail: result.detail } : { t: 'probed', id, ok: false, error: result.error });
  }

  /** The token for an invite the domain accepted: stored hashed, returned to the lead only. */
  private mintInvite = async (events: NewEvent[]): Promise<{ inviteId: string; token: string }> => {
    const e = events.find((x) => x.type === 'invite.created');
    if (e?.type !== 'invite.created') throw new Error('invite.create produced no invite');
    const { id, role, station, label } = e.payload.invite;
    const { token } = await this.cutover.invites.issue(role, { id, station, label, now: this.hooks.now() });
    return { inviteId: id, token };
  };

  private async onHello(hello: Hello): Promise<void> {
    if (this.member) return this.send({ t: 'error', code: 'already_joined', reason: 'This connection has already said hello' });
    clearTimeout(this.helloTimer);
    if (this.invite.revokedAt !== null) return this.close(CloseCode.revoked, 'The lead revoked this invite');
    const { runtime } = this.cutover;
    const id = memberIdFor(this.invite.id, hello.name);
    const known = runtime.state.members[id];
    // The lead may have given this person another station since they came in by the invite.
    const member: Member = { id, name: hello.name, role: known?.role ?? this.invite.role, station: known?.station ?? this.invite.station, inviteId: this.invite.id };
    try {
      if (!runtime.state.members[id]) await runtime.record({ id, name: member.name, role: member.role }, [{ type: 'member.joined', payload: { member } }]);
    } catch (e) {
      return this.close(CloseCode.journalFailed, `Hub cannot record: ${(e as Error).message}`);
    }
    this.member = member;
    // A client ahead of the hub remembers some other history (a restored journal): start it over.
    const resumeFrom = hello.since > runtime.durableSeq ? 0 : hello.since;
    this.send({ t: 'welcome', protocol: PROTOCOL_VERSION, cutoverId: this.cutover.id, member, serverTime: this.hooks.now(), headSeq: runtime.durableSeq, resumeFrom });
    const raws = runtime.rawsAfter(resumeFrom);
    for (let i = 0; i < raws.length; i += CATCH_UP_CHUNK) {
      this.sendRaw(`{"t":"events","events":[${raws.slice(i, i + CATCH_UP_CHUNK).join(',')}]}`);
    }
    this.send({ t: 'synced', seq: runtime.durableSeq });
    const history = this.cutover.metrics.history();
    if (history.length > 0) this.send({ t: 'samples', batches: history, history: true });
    // Registered in the same tick as the catch-up was cut, so no batch falls between them.
    this.hooks.joined(this);
  }
}

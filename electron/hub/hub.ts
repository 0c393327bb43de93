import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Role } from '../../shared/cutover';
import { CloseCode, SUBPROTOCOL } from '../../shared/protocol';
import type { IssuedInvite } from './auth/tokens';
import { CutoverRegistry, unavailableReason, type Integrations, type NewCutover, type OpenCutover } from './cutovers/registry';
import { createSource as createRealSource } from './metrics/sources';
import { HubVault } from './secrets/vault';
import { lockDataDir } from './storage/dataLock';
import { Fanout } from './transport/fanout';
import { isAllowedOrigin } from './transport/origin';
import { Session } from './transport/session';
import { enforceRevocations } from './auth/revocation';
import { TicketBook } from './auth/tickets';
import { HubNames, MISDIRECTED } from './transport/hostNames';
import { PushLimiter, type PushLimit } from './transport/pushLimit';
import { httpRoutes, serverTimeouts } from './transport/routes';
import { credentialFromUpgrade, type Credential } from './transport/token';

export type HubOptions = {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** 127.0.0.1 unless the user chooses to host for the team. */
  host?: string;
  /** Browser origins allowed besides the hub's own pages and the desktop app. */
  allowedOrigins?: string[];
  now?: () => number;
  heartbeatMs?: number;
  /**
   * How often each open cutover's folder gets the hub's heartbeat file (10 s): after a crash
   * it says when the hub went away. An absence shorter than twice this is not recorded.
   */
  heartbeatFileMs?: number;
  helloTimeoutMs?: number;
  /** Largest message a client may send. */
  maxPayload?: number;
  /** A client whose unsent backlog passes this is dropped; it catches up on reconnect. */
  maxBufferedBytes?: number;
  /** A connection that has not sent its request headers within this is closed (10 s). */
  headersTimeoutMs?: number;
  /** Readings one invite may push (DEFAULT_PUSH_LIMIT). */
  pushLimit?: PushLimit;
  /** DNS names the hub is reached by, besides its addresses, localhost, this machine's name and the `allowedOrigins`' names. */
  hostNames?: string[];
  log?: (msg: string) => void;
  /** The built renderer, served at `/` for web mode; none when absent. */
  staticDir?: string;
  /**
   * The key that encrypts secrets stored on this hub (`<dataDir>/secrets.enc`): the
   * desktop's, kept by the OS keyring, or `WARROOM_SECRETS_KEY` for a standalone hub.
   * Without one the hub reads secrets from its environment only.
   */
  secretsKey?: Buffer | null;
  /** Where the Slack Web API lives (tests: a fake on loopback; GovSlack: its own host). */
  slackApiUrl?: string;
  /** The least time between two updates of the living Slack status message (15 s). */
  statusIntervalMs?: number;
  /** Builds lag sources; tests may wrap it. Defaults to the real clients. */
  createSource?: Integrations['createSource'];
};

export type Hub = {
  url: string;
  port: number;
  registry: CutoverRegistry;
  createCutover: (spec: NewCutover, roles?: readonly Role[]) => Promise<{ cutoverId: string; invites: IssuedInvite[] }>;
  /** A one-time ticket for a socket, in exchange for an invite token (null if it is not valid). */
  issueTicket: (cutoverId: string, token: string) => { ticket: string; expiresAt: number; role: Role; station: string; title: string } | null;
  close: () => Promise<void>;
};

const WS_PATH = /^\/ws\/([a-z0-9-]{1,64})$/;

/** Starts the hub: the single authority the crew's windows connect to. */
export async function startHub(opts: HubOptions): Promise<Hub> {
  const now = opts.now ?? Date.now;
  const log = opts.log ?? ((m: string) => console.error(`[hub] ${m}`));
  // One hub per data folder: a second one would interleave its appends with this one's.
  const lock = await lockDataDir(opts.dataDir);
  const vault = HubVault.open(opts.dataDir, opts.secretsKey ?? null);
  if (vault.problem) log(`secrets: ${vault.problem}`);
  const createSource = opts.createSource ?? createRealSource;
  const integrations: Integrations = { vault, createSource, ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}), ...(opts.statusIntervalMs ? { statusIntervalMs: opts.statusIntervalMs } : {}) };
  const registry = new CutoverRegistry(opts.dataDir, now, log, integrations, opts.heartbeatFileMs);
  await registry.loadAll().catch(async (e: unknown) => {
    await lock.release();
    throw e;
  });
  const fanout = new Fanout();
  const names = new HubNames({ host: opts.host, allowedOrigins: opts.allowedOrigins, hostNames: opts.hostNames });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxPayload ?? 1024 * 1024,
    // Agree on our protocol only; the token "protocol" is never echoed back.
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const tickets = new TicketBook(now);
  const issueTicket = (cutoverId: string, token: string) => {
    const cutover = registry.get(cutoverId);
    const invite = cutover?.invites.verify(token);
    // Role and title come back too, so a desktop app joining by link knows what it joined.
    return cutover && invite ? { ...tickets.issue(cutoverId, invite), role: invite.role, station: invite.station, title: cutover.runtime.state.info?.title ?? '' } : null;
  };

  const server: Server = createServer(
    serverTimeouts(opts.headersTimeoutMs),
    httpRoutes({ registry, now, names, pushLimiter: new PushLimiter(opts.pushLimit), issueTicket, ...(opts.staticDir ? { staticDir: opts.staticDir } : {}) }),
  );

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!names.check(req.headers.host).ok) return refuseUpgrade(socket, MISDIRECTED.status, MISDIRECTED.reason);
    const match = WS_PATH.exec(new URL(req.url ?? '/', 'http://hub').pathname);
    if (!match) return refuseUpgrade(socket, 404, 'Not a Warroom socket path');
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, opts.allowedOrigins ?? [])) {
      return refuseUpgrade(socket, 403, 'Origin not allowed');
    }
    const cutoverId = match[1]!;
    const credential = credentialFromUpgrade(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // With noServer, ws leaves 'connection' to us: without it the heartbeat below never
      // knew the socket and cut it at the first tick.
      wss.emit('connection', ws, req);
      admit(ws, cutoverId, credential);
    });
  });

  /*
   * Authentication is decided at the upgrade; the upgrade itself completes so that a browser,
   * which sees no HTTP status for a refused socket, can still be told why in the close frame.
   */
  function admit(ws: WebSocket, cutoverId: string, credential: Credential | null): void {
    // A protocol error (an oversized frame, bad UTF-8) is reported here; ws closes the
    // socket itself with the right code. Without a listener it would crash the hub.
    ws.on('error', (e) => log(`socket closed on protocol error: ${e.message}`));
    const cutover: OpenCutover | undefined = registry.get(cutoverId);
    if (!cutover) {
      const broken = registry.unavailable.get(cutoverId);
      return ws.close(CloseCode.unknownCutover, broken ? unavailableReason(broken) : 'No such cutover on this hub');
    }
    const invite = !credential ? null : credential.kind === 'token' ? cutover.invites.find(credential.value) : tickets.redeem(credential.value, cutoverId);
    if (!invite) {
      const reason = !credential ? 'An invite token is required' : credential.kind === 'token' ? 'This invite token is not valid for this cutover' : 'This connection ticket has expired or was used already';
      // A spent ticket is not fatal: the app asks for a fresh one and tries again.
      return ws.close(credential?.kind === 'ticket' ? CloseCode.ticketInvalid : CloseCode.unauthorized, reason);
    }
    // The holder of the very token is told it was revoked: that says nothing to anyone else.
    if (invite.revokedAt !== null) return ws.close(CloseCode.revoked, 'The lead revoked this invite');
    new Session(ws, cutover, invite, {
      now,
      helloTimeoutMs: opts.helloTimeoutMs ?? 10_000,
      maxBufferedBytes: opts.maxBufferedBytes ?? 8 * 1024 * 1024,
      joined: (s) => fanout.join(s),
      left: (s) => fanout.leave(s),
      integrations: registry.integrations,
    });
  }

  const watch = (c: OpenCutover) => {
    fanout.watch(c);
    enforceRevocations(c, now, (inviteId) => fanout.disconnectInvite(c.id, inviteId, CloseCode.revoked, 'The lead revoked this invite'));
  };
  for (const c of registry.list()) watch(c);

  // Heartbeats: a peer that has not answered the previous ping is dead (a laptop lid
  // closed, a network gone) and is dropped, so presence tells the truth.
  const answered = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!answered.has(ws)) {
        ws.terminate();
        continue;
      }
      answered.delete(ws);
      ws.ping();
    }
  }, opts.heartbeatMs ?? 15_000);
  wss.on('connection', (ws) => {
    answered.add(ws);
    ws.on('pong', () => answered.add(ws));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
  } catch (e) {
    // A taken port must not leave the journals open: the caller may try another address.
    clearInterval(heartbeat);
    wss.close();
    await registry.closeAll();
    await lock.release();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`listening on ${url}`);

  return {
    url,
    port,
    registry,
    issueTicket,
    async createCutover(spec, roles) {
      const { cutover, invites } = await registry.create(spec, roles);
      watch(cutover);
      return { cutoverId: cutover.id, invites };
    },
    async close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'The hub is shutting down');
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await closed;
      await registry.closeAll().finally(() => lock.release());
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

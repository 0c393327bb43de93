import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Role } from '@shared/cutover';
import { CloseCode, FRAME_MAX_BYTES } from '@shared/protocol';
import { AdminToken } from './auth/adminToken';
import { LinkKeeper } from './auth/linkKeeper';
import { Revocations } from './auth/revocation';
import type { IssuedInvite } from './auth/tokens';
import { CheckScheduler } from './checks/scheduler';
import { CutoverRegistry, type Integrations, type NewCutover } from './cutovers/registry';
import { createSource as createRealSource } from './metrics/sources';
import { openStore, ticketBookFor } from './store/openStore';
import { socketAdmission } from './transport/admission';
import { archiveForToken, type ArchiveAnswer } from './transport/archiveRoute';
import { Fanout } from './transport/fanout';
import { HubNames } from './transport/hostNames';
import { REVOKED } from './transport/inviteRoute';
import { watchLiveness } from './transport/liveness';
import { PushLimiter, type PushLimit } from './transport/pushLimit';
import { httpRoutes, serverTimeouts, type IssuedTicket } from './transport/routes';

export type HubOptions = {
  /** The data folder; with `store`, only what is not in the database would go here (nothing today). */
  dataDir: string;
  /**
   * `postgres://user@host/db[?schema=name]`: the nights live in that database, which several
   * hubs share (store/postgres/). None: the data folder, one hub.
   */
  store?: string;
  /** How often a hub of several tries to take the side effects of cutovers nobody runs (2 s). */
  leaseRetryMs?: number;
  /** The data folder's journals: how long a write may take before the writes leave the event loop for the thread pool (2 ms, journal/writePlace.ts). */
  slowJournalWriteMs?: number;
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
  /**
   * Whoever holds this may plan a new night in a browser (`POST /api/cutovers`) and becomes
   * its lead. Kept only as a hash, never logged. None: the hub plans nights only for its host.
   */
  adminToken?: string;
  /** Builds lag sources; tests may wrap it. Defaults to the real clients. */
  createSource?: Integrations['createSource'];
};

/**
 * What the hub offers its host (the desktop app, the CLI, tests). The desktop asks these
 * verbs, never the registry or the transport: `registry` is there for tests and tools.
 */
export type Hub = {
  url: string;
  port: number;
  registry: CutoverRegistry;
  createCutover: (spec: NewCutover, roles?: readonly Role[]) => Promise<{ cutoverId: string; invites: IssuedInvite[] }>;
  /** A one-time ticket for a socket, in exchange for an invite token (null if it is not valid). */
  issueTicket: (cutoverId: string, token: string) => IssuedTicket | null;
  /** Mints an invite the hub hands out itself (null: no such cutover on this hub). */
  issueInvite: (cutoverId: string, role: Role, opts?: { station?: string; singleUse?: boolean }) => Promise<IssuedInvite | null>;
  /** The archive for whoever holds `token`, as `GET /api/cutovers/<id>/archive` answers it. */
  exportArchive: (cutoverId: string, token: string, opts?: { now?: () => number }) => Promise<ArchiveAnswer>;
  /** A cutover this hub holds (its title, null before it has one), or null. */
  cutover: (cutoverId: string) => { title: string | null } | null;
  /** The role of the live invite `token` is for on this cutover, or null. */
  inviteRole: (cutoverId: string, token: string) => Role | null;
  close: () => Promise<void>;
};

/** Starts the hub: the single authority the crew's windows connect to. */
export async function startHub(opts: HubOptions): Promise<Hub> {
  const now = opts.now ?? Date.now;
  // Checked before anything is locked or opened: a token too short stops the start with a sentence.
  const admin = opts.adminToken === undefined ? null : new AdminToken(opts.adminToken);
  const log = opts.log ?? ((m: string) => console.error(`[hub] ${m}`));
  // The data folder (locked: one hub per folder), or a database several hubs share.
  const backend = await openStore({
    dataDir: opts.dataDir,
    log,
    ...(opts.store ? { store: opts.store } : {}),
    ...(opts.leaseRetryMs ? { leaseRetryMs: opts.leaseRetryMs } : {}),
    ...(opts.slowJournalWriteMs !== undefined ? { slowJournalWriteMs: opts.slowJournalWriteMs } : {}),
  });
  const vault = await backend.vault(opts.secretsKey ?? null);
  if (vault.problem) log(`secrets: ${vault.problem}`);
  const createSource = opts.createSource ?? createRealSource;
  const integrations: Integrations = {
    vault,
    createSource,
    ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
    ...(opts.statusIntervalMs ? { statusIntervalMs: opts.statusIntervalMs } : {}),
  };
  const registry = new CutoverRegistry(opts.dataDir, now, log, integrations, opts.heartbeatFileMs, backend);
  const fanout = new Fanout();
  // Every cutover, loaded or created later, gets these beside its own parts.
  registry.use(
    (c) => fanout.partFor(c),
    (c) => new Revocations(c.runtime, c.invites, now, (inviteId) => fanout.disconnectInvite(c.id, inviteId, CloseCode.revoked, REVOKED)),
    (c) => new LinkKeeper(c.runtime, c.links),
  );
  // Checks record their results: with several hubs, only the lease holder runs them.
  registry.useLed(
    (c) => new CheckScheduler(c.runtime, { now, ctx: { secret: (name) => c.secrets.get(name) }, series: c.metrics, log: (m) => log(`cutover ${c.id}: ${m}`) }),
  );
  await registry.loadAll().catch(async (e: unknown) => {
    await backend.close();
    throw e;
  });
  const names = new HubNames({ host: opts.host, allowedOrigins: opts.allowedOrigins, hostNames: opts.hostNames });

  const tickets = await ticketBookFor(backend, now, (cutoverId, inviteId) => registry.get(cutoverId)?.invites.byId(inviteId) ?? null);
  const issueTicket = (cutoverId: string, token: string): IssuedTicket | null => {
    const cutover = registry.get(cutoverId);
    const invite = cutover?.invites.verify(token);
    // Role and title come back too, so a desktop app joining by link knows what it joined.
    return cutover && invite
      ? { ...tickets.issue(cutoverId, invite), role: invite.role, station: invite.station, title: cutover.runtime.state.info?.title ?? '' }
      : null;
  };

  const server: Server = createServer(
    serverTimeouts(opts.headersTimeoutMs),
    httpRoutes({
      registry,
      now,
      names,
      pushLimiter: new PushLimiter(opts.pushLimit),
      issueTicket,
      admin,
      ...(opts.staticDir ? { staticDir: opts.staticDir } : {}),
      // Several hubs on one store name each other with --origin: their pages may move their sockets there.
      ...(opts.store && opts.allowedOrigins ? { otherHubs: opts.allowedOrigins } : {}),
    }),
  );
  const { wss, upgrade } = socketAdmission({
    registry,
    names,
    tickets,
    fanout,
    allowedOrigins: opts.allowedOrigins ?? [],
    now,
    log,
    maxPayload: opts.maxPayload ?? FRAME_MAX_BYTES,
    helloTimeoutMs: opts.helloTimeoutMs ?? 10_000,
    maxBufferedBytes: opts.maxBufferedBytes ?? 8 * 1024 * 1024,
  });
  server.on('upgrade', upgrade);
  const stopLiveness = watchLiveness(wss, opts.heartbeatMs);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
  } catch (e) {
    // A taken port must not leave the journals open: the caller may try another address.
    stopLiveness();
    wss.close();
    await registry.closeAll();
    await backend.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  backend.identify?.(url);
  log(`listening on ${url}`);

  return {
    url,
    port,
    registry,
    issueTicket,
    async createCutover(spec, roles) {
      const { cutover, invites } = await registry.create(spec, roles);
      return { cutoverId: cutover.id, invites };
    },
    async issueInvite(cutoverId, role, invite = {}) {
      const cutover = registry.get(cutoverId);
      return cutover ? registry.issueInvite(cutover, role, invite) : null;
    },
    exportArchive: (cutoverId, token, archive = {}) => archiveForToken(registry, cutoverId, token, archive.now ?? now),
    cutover(cutoverId) {
      const cutover = registry.get(cutoverId);
      return cutover ? { title: cutover.runtime.state.info?.title ?? null } : null;
    },
    inviteRole: (cutoverId, token) => registry.get(cutoverId)?.invites.verify(token)?.role ?? null,
    async close() {
      stopLiveness();
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'The hub is shutting down');
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await closed;
      await registry.closeAll().finally(() => backend.close());
    },
  };
}

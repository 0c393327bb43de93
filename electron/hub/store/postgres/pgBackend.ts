import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { InviteStore } from '../../auth/tokens';
import { HubVault } from '../../secrets/vault';
import type { CutoverStorage, LeaseHandler, StoreBackend, StoreStatus } from '../backend';
import { dbProblem, storeTarget } from './database';
import { migrate } from './migrate';
import { channelsFor, leaseKeyFor, listenTo, type Channels } from './schemaScope';
import { PgEventStore } from './pgEventStore';
import type { SampleBatch } from '@shared/metrics';
import { PgSampleStore, pgHeartbeat, pgInvites } from './pgParts';

/** pg's error for a query unanswered within `query_timeout` (database.ts). */
const isTimeout = (e: unknown): boolean => (e as Error).message === 'Query read timeout';

/** The first key of every lease's advisory lock; the second is the hash of the cutover's lease key (schemaScope.ts). */
const LEASE_CLASS = 741_000_002;
/** A hub not heard from for this long is no longer listed as a peer. */
const PEER_SILENCE_MS = 15_000;

export type PgBackendOptions = {
  url: string;
  log: (m: string) => void;
  /** How often a hub tries to take the leases it does not hold (and says it is alive): 2 s. */
  leaseRetryMs?: number;
  env?: NodeJS.ProcessEnv;
};

/**
 * Several hubs on one PostgreSQL database. Each hub holds one session of its own (`session`)
 * for LISTEN and for its leases: a lease is a session-level advisory lock per cutover, so it
 * goes the moment the hub's connection does (a kill -9 closes the socket; a machine that
 * vanishes is noticed by TCP keepalives). Other hubs try for free leases every `leaseRetryMs`.
 */
export class PgBackend implements StoreBackend {
  readonly kind = 'postgres' as const;
  readonly hubId = randomBytes(6).toString('hex');
  name = `${hostname()}:${process.pid}`;
  private session: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private eventListeners = new Map<string, Set<(seq: number, hubId: string) => void>>();
  private cutoverListeners = new Set<(id: string) => void>();
  private sampleListeners = new Map<string, Set<(hubId: string) => void>>();
  private peers = new Map<string, { name: string; at: number }>();
  private leases = new Map<string, LeaseHandler>();
  private led = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private closed = false;
  /** The channels this store's hubs tell each other things on: its schema's own. */
  private readonly channels: Channels;

  private constructor(
    readonly pool: pg.Pool,
    readonly shown: string,
    private readonly config: pg.ClientConfig,
    /** The store's schema: its channels and its leases are its own (schemaScope.ts). */
    private readonly schema: string,
    private readonly opts: PgBackendOptions,
  ) {
    this.channels = channelsFor(schema);
  }

  /** Connects, brings the schema up to date and starts listening; refuses with a sentence (never the password). */
  static async open(opts: PgBackendOptions): Promise<PgBackend> {
    const target = storeTarget(opts.url, opts.env);
    const pool = new pg.Pool({ ...target.config, max: 6, idleTimeoutMillis: 30_000 });
    pool.on('error', (e) => opts.log(`store: ${dbProblem(e, target.shown)}`)); // an idle client lost: the pool replaces it
    const backend = new PgBackend(pool, target.shown, target.config, target.schema, opts);
    try {
      // A connection of its own, without the wait for one query: a migration takes what it takes.
      const client = new pg.Client({ ...target.config, query_timeout: undefined });
      client.on('error', () => undefined); // a connection lost between its queries: the next one fails and says why
      await client.connect();
      try {
        await migrate(client, target.schema);
      } finally {
        await client.end().catch(() => undefined);
      }
      await backend.connectSession();
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new Error(`The store could not be opened: ${dbProblem(e, target.shown)}`, { cause: e });
    }
    backend.timer = setInterval(() => void backend.tick(), opts.leaseRetryMs ?? 2000);
    backend.timer.unref();
    opts.log(`store: ${target.shown} (hub ${backend.hubId})`);
    return backend;
  }

  /** The hub's own session: LISTEN and the leases. When it drops, every lease goes with it. */
  private connectSession(): Promise<pg.Client> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ ...this.config, keepAlive: true, keepAliveInitialDelayMillis: 2000 });
      client.on('error', () => this.sessionLost(client, 'its connection failed'));
      client.on('end', () => this.sessionLost(client, 'its connection ended'));
      client.on('notification', (n) => this.onNotice(n.channel, n.payload ?? ''));
      await client.connect();
      // The database notices a hub that vanished without closing its socket within ~10 s.
      await client.query('SET tcp_keepalives_idle = 4; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3');
      const { events, cutovers, hubs, samples } = this.channels;
      await client.query([events, cutovers, hubs, samples].map(listenTo).join('; '));
      this.session = client;
      return client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private sessionLost(client: pg.Client, why: string): void {
    if (this.session !== client) return;
    this.session = null;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.opts.log(`store: this hub's session ${why}; it no longer runs any cutover's side effects until it has one again`);
    for (const id of [...this.led]) {
      this.led.delete(id);
      void this.leases.get(id)?.lost();
    }
  }

  private onNotice(channel: string, payload: string): void {
    const [a = '', b = '', c = ''] = payload.split(' ');
    const { events, samples, cutovers, hubs } = this.channels;
    if (channel === events) {
      for (const l of this.eventListeners.get(a) ?? []) l(Number(b), c);
    } else if (channel === samples) {
      for (const l of this.sampleListeners.get(a) ?? []) l(c);
    } else if (channel === cutovers) {
      if (b !== this.hubId) for (const l of this.cutoverListeners) l(a);
    } else if (channel === hubs && a !== this.hubId) {
      this.peers.set(a, { name: payload.slice(a.length + 1), at: Date.now() });
    }
  }

  /** Says this hub is alive and takes the leases nobody holds. One tick at a time. */
  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      const session = this.session ?? (await this.connectSession());
      await session.query('SELECT pg_notify($1, $2)', [this.channels.hubs, `${this.hubId} ${this.name}`]);
      for (const [id, handler] of this.leases) {
        if (this.led.has(id)) continue;
        const { rows } = await session.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS got', [
          LEASE_CLASS,
          leaseKeyFor(this.schema, id),
        ]);
        if (!rows[0]?.got || this.session !== session) continue;
        this.led.add(id);
        await handler.gained().catch((e: unknown) => this.gainFailed(id, handler, session, e));
      }
    } catch (e) {
      this.opts.log(`store: ${dbProblem(e, this.shown)}`);
      // Unanswered (the database or the link to it froze): the session is wedged behind that
      // query, and the database may have let its leases go already. Dropped, so this hub stops
      // running side effects it may no longer hold, and tries a fresh session next tick.
      if (isTimeout(e) && this.session) this.sessionLost(this.session, 'stopped answering');
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Taking over a cutover's side effects failed (the catch-up's read lost its connection, a
   * part would not start): the lease is let go at once, so this hub, or another, takes it again
   * on the next tick. Held on, it would say it leads while nothing ran: no deadline, no outbox.
   */
  private async gainFailed(id: string, handler: LeaseHandler, session: pg.Client, e: unknown): Promise<void> {
    const retryS = (this.opts.leaseRetryMs ?? 2000) / 1000;
    this.opts.log(
      `cutover ${id}: this hub took the lease but could not start the side effects (deadlines, outbox, pollers): ${dbProblem(e, this.shown)}. It let the lease go; this hub or another takes it again within ${retryS} s.`,
    );
    // Already gone with the session: `lost` ran then, and the lock went with it.
    if (!this.led.delete(id)) return;
    await handler.lost().catch((err: unknown) => this.opts.log(`cutover ${id}: stopping its side effects failed: ${(err as Error).message}`));
    if (this.session === session) await this.unlock(session, id);
  }

  private async unlock(session: pg.Client, cutoverId: string): Promise<void> {
    await session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, leaseKeyFor(this.schema, cutoverId)]).catch(() => undefined);
  }

  /** Runs `handler.gained` whenever this hub holds the cutover's lease, `lost` when it stops holding it. */
  lead(cutoverId: string, handler: LeaseHandler): { stop: () => Promise<void> } {
    this.leases.set(cutoverId, handler);
    void this.tick();
    return {
      stop: async () => {
        this.leases.delete(cutoverId);
        if (!this.led.delete(cutoverId)) return;
        await handler.lost();
        if (this.session) await this.unlock(this.session, cutoverId);
      },
    };
  }

  /**
   * Follows the readings another hub stores for a cutover: all so far, then each new batch,
   * read from the table one read at a time (notices that come meanwhile make one more read).
   */
  private followSamples(id: string, samples: PgSampleStore, onBatches: (batches: SampleBatch[], live: boolean) => void): () => void {
    let after = 0;
    let reading: Promise<void> | null = null;
    let again = false;
    let stopped = false;
    const read = (live: boolean) => {
      if (reading) return void (again = true);
      reading = (async () => {
        const batches: SampleBatch[] = [];
        after = await samples.readAfter(after, (b) => batches.push(b));
        if (!stopped) onBatches(batches, live);
      })()
        .catch((e: unknown) => this.opts.log(`cutover ${id}: readings could not be read: ${dbProblem(e, this.shown)}`))
        .finally(() => {
          reading = null;
          if (again && !stopped) {
            again = false;
            read(true);
          }
        });
    };
    const listener = (hubId: string) => {
      if (hubId !== this.hubId) read(true);
    };
    const set = this.sampleListeners.get(id) ?? new Set();
    set.add(listener);
    this.sampleListeners.set(id, set);
    read(false);
    return () => {
      stopped = true;
      set.delete(listener);
    };
  }

  /** Another hub created a cutover: `listener` opens it here too. */
  onCutoverCreated(listener: (id: string) => void): void {
    this.cutoverListeners.add(listener);
  }

  async list(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM warroom_cutovers ORDER BY created_at, id');
    return rows.map((r) => r.id);
  }

  async create(id: string): Promise<void> {
    await this.pool.query('INSERT INTO warroom_cutovers (id) VALUES ($1)', [id]);
  }

  /** Tells the other hubs a cutover now has its first events, so they open it. */
  announceCutover(id: string): Promise<void> {
    return this.pool.query('SELECT pg_notify($1, $2)', [this.channels.cutovers, `${id} ${this.hubId}`]).then(() => undefined);
  }

  cutover(id: string): CutoverStorage {
    const { pool, shown } = this;
    const samples = new PgSampleStore(pool, id, shown, this.hubId, this.channels.samples);
    return {
      invites: new InviteStore('', pgInvites(pool, id, shown)),
      samples,
      followSamples: (onBatches) => this.followSamples(id, samples, onBatches),
      heartbeat: (now, everyMs) => pgHeartbeat(pool, id, now, everyMs),
      events: (log, historyElsewhere) =>
        new PgEventStore({
          pool,
          shown,
          cutoverId: id,
          hubId: this.hubId,
          channel: this.channels.events,
          log,
          historyElsewhere,
          listen: (listener) => {
            const set = this.eventListeners.get(id) ?? new Set();
            set.add(listener);
            this.eventListeners.set(id, set);
            return () => set.delete(listener);
          },
        }),
    };
  }

  async vault(key: Buffer | null): Promise<HubVault> {
    // The row exists from the first start on (empty until a secret is stored), so a store can lock it.
    await this.pool.query("INSERT INTO warroom_vault (id, ciphertext) VALUES (1, ''::bytea) ON CONFLICT (id) DO NOTHING");
    return (this.opened = HubVault.fromBlob(`${this.shown} (warroom_vault)`, await this.storedVault(this.pool), key, (build) => this.keepVault(build)));
  }

  private async storedVault(db: pg.Pool | pg.PoolClient, lock = false): Promise<Buffer | null> {
    const { rows } = await db.query<{ ciphertext: Buffer }>(`SELECT ciphertext FROM warroom_vault WHERE id = 1${lock ? ' FOR UPDATE' : ''}`);
    const blob = rows[0]?.ciphertext;
    return blob && blob.length > 0 ? blob : null;
  }

  /** Read, built on and written under the row's lock: two hubs storing a secret at once both keep theirs. */
  private async keepVault(build: (latest: Buffer | null) => Buffer): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const blob = build(await this.storedVault(client, true));
      await client.query('UPDATE warroom_vault SET ciphertext = $1 WHERE id = 1', [blob]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private opened: HubVault | null = null;

  async refreshVault(): Promise<void> {
    this.opened?.reload(await this.storedVault(this.pool));
  }

  /** The key every hub on this database signs socket tickets with (made by the first hub that asks). */
  async ticketKey(): Promise<Buffer> {
    await this.pool.query("INSERT INTO warroom_hub_keys (name, key) VALUES ('tickets', $1) ON CONFLICT (name) DO NOTHING", [randomBytes(32)]);
    const { rows } = await this.pool.query<{ key: Buffer }>("SELECT key FROM warroom_hub_keys WHERE name = 'tickets'");
    return rows[0]!.key;
  }

  identify(name: string): void {
    this.name = name;
  }

  status(): StoreStatus {
    const now = Date.now();
    const peers = [...this.peers.values()].filter((p) => now - p.at < PEER_SILENCE_MS).map((p) => p.name);
    return { store: this.shown, peers: peers.sort(), leads: [...this.led].sort() };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    while (this.ticking) await new Promise((r) => setTimeout(r, 5));
    const session = this.session;
    this.session = null;
    await session?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

import { crc32 } from 'node:zlib';
import type pg from 'pg';
import { SampleBatchSchema, type SampleBatch } from '@shared/metrics';
import type { Invite, InviteBacking } from '../../auth/tokens';
import { SampleStore } from '../../metrics/sampleStore';
import type { SignOfLife } from '../backend';

/** A cutover's invites in warroom_invites: hashes only, one row each. */
export function pgInvites(pool: pg.Pool, cutover: string, shown: string): InviteBacking {
  return {
    where: `${shown} (warroom_invites, cutover ${cutover})`,
    async read() {
      const { rows } = await pool.query<{
        id: string;
        role: string;
        station: string;
        label: string;
        hash: string;
        created_at: string;
        revoked_at: string | null;
      }>('SELECT id, role, station, label, hash, created_at, revoked_at FROM warroom_invites WHERE cutover = $1 ORDER BY created_at, id', [cutover]);
      return rows.map((r) => ({ ...r, createdAt: Number(r.created_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at) }));
    },
    async write(invites: readonly Invite[]) {
      // Row by row, never the whole list: another hub's invites are not overwritten, and a
      // revocation, once stored, stays (a hub with an older list cannot bring an invite back).
      await pool.query(
        `INSERT INTO warroom_invites (cutover, id, role, station, label, hash, created_at, revoked_at)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
         ON CONFLICT (cutover, id) DO UPDATE SET revoked_at = COALESCE(warroom_invites.revoked_at, excluded.revoked_at)`,
        [
          cutover,
          invites.map((i) => i.id),
          invites.map((i) => i.role),
          invites.map((i) => i.station),
          invites.map((i) => i.label),
          invites.map((i) => i.hash),
          invites.map((i) => i.createdAt),
          invites.map((i) => i.revokedAt),
        ],
      );
    },
  };
}

/**
 * A cutover's lag samples in warroom_sample_batches, the file store's batches one row each.
 * Written by the hub that runs the cutover's pollers; any hub reads them for the archive.
 */
export class PgSampleStore extends SampleStore {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly cutover: string,
    private readonly shown: string,
    /** This hub, named in the notice other hubs follow the readings by. */
    private readonly hubId: string,
    /** The channel a hub announces stored readings on (the schema's: channels.ts): `<cutover> <last row id> <hub id>`. */
    private readonly channel: string,
  ) {
    super('');
  }

  /** The batches stored after row `after`, in order; answers the last row read. */
  async readAfter(after: number, onBatch: (batch: SampleBatch) => void): Promise<number> {
    return (await this.pages(after, onBatch)).last;
  }

  /** Reads in pages, so a long night's samples are never held whole; a batch that does not check out is counted, not passed on. */
  private async pages(after: number, onBatch: (batch: SampleBatch) => void): Promise<{ last: number; skipped: number }> {
    let skipped = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ id: string; crc: string; batch: string }>(
        'SELECT id, crc, batch FROM warroom_sample_batches WHERE cutover = $1 AND id > $2 ORDER BY id LIMIT 2000',
        [this.cutover, after],
      );
      for (const row of rows) {
        const parsed = crc32(row.batch) === Number(row.crc) ? safeParse(row.batch) : null;
        if (parsed) onBatch(parsed);
        else skipped++;
      }
      if (rows.length > 0) after = Number(rows[rows.length - 1]!.id);
      if (rows.length < 2000) return { last: after, skipped };
    }
  }

  override get path(): string {
    return `${this.shown} (warroom_sample_batches, cutover ${this.cutover})`;
  }

  override async read(onBatch: (batch: SampleBatch) => void): Promise<{ skipped: number }> {
    return { skipped: (await this.pages(0, onBatch)).skipped };
  }

  override async collect(batchSize: number): Promise<SampleBatch[]> {
    await this.writes.catch(() => undefined);
    return super.collect(batchSize);
  }

  override append(batches: readonly SampleBatch[]): Promise<void> {
    if (batches.length === 0) return this.writes;
    const raws = batches.map((b) => JSON.stringify(b));
    this.writes = this.writes
      .catch(() => undefined)
      .then(async () => {
        // The other hubs hear of them at commit, and read them from the table.
        await this.pool.query(
          `WITH stored AS (INSERT INTO warroom_sample_batches (cutover, crc, batch) SELECT $1, c, b FROM unnest($2::bigint[], $3::text[]) AS t(c, b) RETURNING id)
           SELECT pg_notify($5, $1 || ' ' || max(id) || ' ' || $4) FROM stored`,
          [this.cutover, raws.map((r) => crc32(r)), raws, this.hubId, this.channel],
        );
      });
    return this.writes;
  }

  override async close(): Promise<void> {
    await this.writes.catch(() => undefined);
  }
}

function safeParse(raw: string): SampleBatch | null {
  try {
    const r = SampleBatchSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/**
 * The last sign of life of the hub running a cutover's side effects (warroom_heartbeats): only
 * the lease holder beats (registry.ts), so whoever takes the lease next reads when the night was
 * last run, not when some other hub was last up. The latest written wins.
 */
export function pgHeartbeat(pool: pg.Pool, cutover: string, now: () => number, everyMs: number): SignOfLife {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const beat = () => {
    const at = now();
    writing = writing
      .then(async () => {
        await pool.query(
          'INSERT INTO warroom_heartbeats (cutover, at) VALUES ($1, $2) ON CONFLICT (cutover) DO UPDATE SET at = GREATEST(warroom_heartbeats.at, excluded.at)',
          [cutover, at],
        );
      })
      .catch(() => undefined); // a beat lost costs precision, never the night
    return writing;
  };
  return {
    outlivesJournal: true,
    async last() {
      const { rows } = await pool.query<{ at: string }>('SELECT at FROM warroom_heartbeats WHERE cutover = $1', [cutover]);
      return rows[0] ? Number(rows[0].at) : null;
    },
    start() {
      void beat();
      timer = setInterval(() => void beat(), everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await beat();
    },
  };
}

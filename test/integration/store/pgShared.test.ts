import { afterEach, describe, expect, it } from 'vitest';
import { SeqConflict, type EventStore } from '../../../electron/hub/journal/eventStore';
import { PgBackend } from '../../../electron/hub/store/postgres/pgBackend';
import { spawnHub } from '../../support/spawnHub';
import { tempDir, waitFor } from '../../support/hubHarness';
import { freshSchema } from './pgSchema';
import { requireService } from '../../support/services';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/* What the PostgreSQL store adds to the contract: several hubs appending to one cutover. */
const event = (seq: number, commandId?: string) =>
  JSON.stringify({
    v: 1,
    seq,
    ts: 1_700_000_000_000 + seq,
    actor: { id: 'm-1', name: 'Ana', role: 'lead' },
    ...(commandId ? { commandId } : {}),
    type: 'note.added',
    payload: { text: `n${seq}` },
  });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function twoHubs(): Promise<{ a: EventStore; b: EventStore; db: ReturnType<typeof freshSchema> }> {
  const db = freshSchema();
  cleanups.push(db.drop);
  const hubA = await PgBackend.open({ url: db.url, log: () => undefined });
  const hubB = await PgBackend.open({ url: db.url, log: () => undefined });
  cleanups.push(
    () => hubA.close(),
    () => hubB.close(),
  );
  await hubA.create('c-1');
  const a = hubA.cutover('c-1').events(() => undefined, null);
  const b = hubB.cutover('c-1').events(() => undefined, null);
  await a.open();
  await b.open();
  return { a, b, db };
}

describe.skipIf(!pgUp)('the PostgreSQL store with several hubs', () => {
  it('lets one of two appends at the same seq win; the loser stores nothing and catches up by reading', async () => {
    const { a, b, db } = await twoHubs();
    const results = await Promise.allSettled([a.append([event(1), event(2)]), b.append([event(1, 'x')])]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(SeqConflict);
    const loser = results[0]!.status === 'rejected' ? a : b;
    const winner = loser === a ? b : a;
    const rows = await db.query<{ event: string }>('SELECT event FROM warroom_events ORDER BY seq');
    expect(await loser.shared!.readAfter(0)).toEqual(rows.map((r) => r.event));
    // Caught up, the loser appends after what it read.
    await loser.append([event(rows.length + 1)]);
    expect(await winner.shared!.readAfter(rows.length)).toEqual([event(rows.length + 1)]);
  });

  it('refuses a command id another hub stored, whatever seq it is given', async () => {
    const { a, b } = await twoHubs();
    await a.append([event(1, 'same')]);
    await b.shared!.readAfter(0);
    await expect(b.append([event(2, 'same')])).rejects.toBeInstanceOf(SeqConflict);
    await b.append([event(2, 'other')]);
  });

  it('refuses what was queued behind a refused append, so nothing decided on a stale state is stored', async () => {
    const { a, b, db } = await twoHubs();
    await a.append([event(1)]);
    const [first, second] = await Promise.allSettled([b.append([event(1)]), b.append([event(2)])]);
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('rejected');
    expect((await db.query('SELECT seq FROM warroom_events')).length).toBe(1);
  });

  it('tells a hub when another stored events, naming the last seq', async () => {
    const { a, b } = await twoHubs();
    const heard: number[] = [];
    b.shared!.onAppended((seq) => heard.push(seq));
    await a.append([event(1), event(2), event(3)]);
    const end = Date.now() + 5000;
    while (heard.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(heard).toEqual([3]);
  });
});

describe.skipIf(!pgUp)('the same night in two schemas of one database', () => {
  it('is led in each schema by a hub of that schema: the two do not share a lease', async () => {
    // A night restored from a backup into a schema of its own, beside the one still served, has
    // the same id. A lease is an advisory lock, which belongs to the database, not the schema.
    const gained: string[] = [];
    for (const name of ['served', 'restored']) {
      const db = freshSchema();
      cleanups.push(db.drop);
      const hub = await PgBackend.open({ url: db.url, log: () => undefined, leaseRetryMs: 100 });
      cleanups.push(() => hub.close());
      await hub.create('c-the-same-night');
      const lease = hub.lead('c-the-same-night', { gained: async () => void gained.push(name), lost: async () => undefined });
      cleanups.push(lease.stop);
    }
    await waitFor(() => gained.length === 2, 'both schemas to lead their copy', 5_000).catch(() => undefined);
    expect(gained.sort()).toEqual(['restored', 'served']);
  });
});

describe.skipIf(!pgUp)('npm run hub with a store', () => {
  it('starts from WARROOM_STORE, names the store without its password, and never prints the password', async () => {
    const db = freshSchema();
    cleanups.push(db.drop);
    const secret = 'pw-never-printed-42';
    const url = db.url.replace('postgres@', `postgres:${secret}@`);
    const { proc, url: hubUrl } = await spawnHub(await tempDir(), [], { WARROOM_STORE: url });
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    cleanups.push(async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    });
    const health = (await (await fetch(`${hubUrl}/healthz`)).json()) as { store: string };
    expect(health.store).toBe(db.url);
    expect(JSON.stringify(health)).not.toContain(secret);
    expect(err).not.toContain(secret);
  });

  it('refuses a store it cannot reach with a sentence that does not carry the password', async () => {
    const secret = 'pw-never-printed-43';
    const error = await spawnHub(await tempDir(), ['--store', `postgres://nobody:${secret}@127.0.0.1:1/none`]).then(
      () => null,
      (e: unknown) => (e as Error).message,
    );
    expect(error).toMatch(/The store could not be opened: postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    expect(error).not.toContain(secret);
  });
});

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource, type Source } from '../../../electron/hub/metrics/sources';
import { freePort, requireService, secrets, SECRET_VALUE, sourceConfig, unique, within } from '../../support/services';

const enabled = await requireService('PostgreSQL', '127.0.0.1', 5432);
const URL = 'postgres://postgres@127.0.0.1:5432/test';

describe.skipIf(!enabled)('the postgres source, against a real PostgreSQL', () => {
  const table = unique('lag_rows');
  let admin: pg.Client;
  const opened: Source[] = [];
  const source = (query: string, extra: Record<string, unknown> = {}, ctx = secrets()) => {
    const s = createSource(sourceConfig({ kind: 'postgres', url: URL, query, ...extra }), ctx);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: URL });
    await admin.connect();
    await admin.query(`create table ${table} (id serial primary key, note text)`);
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await admin.query(`drop table if exists ${table}`);
    await admin.end();
  });

  it('reads count(*) as a number, and follows new rows on the same connection', async () => {
    await admin.query(`insert into ${table} (note) select 'n' from generate_series(1, 7)`);
    const s = source(`select count(*) from ${table}`);
    expect(await s.read(within())).toBe(7);
    await admin.query(`insert into ${table} (note) select 'n' from generate_series(1, 5)`);
    expect(await s.read(within())).toBe(12);
  });

  it('coerces numeric and text numbers, and says so when the first column is not a number', async () => {
    expect(await source('select 2.5::numeric').read(within())).toBe(2.5);
    expect(await source(`select '42'`).read(within())).toBe(42);
    await expect(source(`select 'lagging'`).read(within())).rejects.toThrow('the first column is "lagging", not a number');
    await expect(source('select null').read(within())).rejects.toThrow('the first column is null, not a number');
    await expect(source(`select 1 from ${table} where false`).read(within())).rejects.toThrow('the query returned no rows');
  });

  it('reports a bad query in the database own words, and keeps working after it', async () => {
    const s = source(`select count(*) from ${table}_missing`);
    await expect(s.read(within())).rejects.toThrow(`the query failed: relation "${table}_missing" does not exist`);
    const good = source(`select count(*) from ${table}`);
    await expect(good.read(within())).resolves.toBeTypeOf('number');
  });

  it('keeps one session between reads, and reconnects by itself after the server kills it', async () => {
    const s = source('select pg_backend_pid()');
    const pid = await s.read(within());
    expect(await s.read(within())).toBe(pid);
    await admin.query('select pg_terminate_backend($1)', [pid]);
    // The read right after may meet the dead session; by the next one it has reconnected.
    const after = await s.read(within()).catch(() => s.read(within()));
    expect(after).not.toBe(pid);
    expect(await s.read(within())).toBe(after);
  });

  it('a statement slower than the timeout rejects promptly with "timed out after N s"', async () => {
    const s = source('select pg_sleep(10)');
    const started = Date.now();
    await expect(s.read(AbortSignal.timeout(500))).rejects.toThrow('timed out after 0.5 s');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The same source answers again: the stuck session was replaced.
    const s2 = source('select 3');
    expect(await s2.read(within())).toBe(3);
  });

  it('a wrong port is "connection refused", naming the address and never the password', async () => {
    const port = await freePort();
    const r = await testSource(
      sourceConfig({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/test`, query: 'select 1', passwordSecret: 'pg-pass' }),
      secrets({ 'pg-pass': SECRET_VALUE }),
      5_000,
    );
    expect(r).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
  });

  it('a missing secret is named; a secret never appears in an error', async () => {
    const missing = await testSource(sourceConfig({ kind: 'postgres', url: URL, query: 'select 1', passwordSecret: 'pg-pass' }), secrets(), 5_000);
    expect(missing).toEqual({ ok: false, error: 'secret "pg-pass" is not set on this hub' });
    // Trust auth ignores the password; the query fails, and the error must not carry it.
    const bad = await testSource(
      sourceConfig({ kind: 'postgres', url: URL, query: `select '${SECRET_VALUE}'::int`, passwordSecret: 'pg-pass' }),
      secrets({ 'pg-pass': SECRET_VALUE }),
      5_000,
    );
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain(SECRET_VALUE);
    // Postgres quotes the bad input back: the source blots it out.
    expect(bad).toEqual({ ok: false, error: 'the query failed: invalid input syntax for type integer: "***"' });
  });
});

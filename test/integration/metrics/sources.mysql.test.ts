import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource, type Source } from '../../../electron/hub/metrics/sources';
import { freePort, requireService, secrets, SECRET_VALUE, sourceConfig, unique, within, sourceConfigWithPasswordInUrl } from '../../support/services';

const enabled = await requireService('MariaDB', '127.0.0.1', 3306);
const URL = 'mysql://root@127.0.0.1:3306/test';

describe.skipIf(!enabled)('the mysql source, against a real MariaDB', () => {
  const table = unique('lag_rows');
  let admin: mysql.Connection;
  const opened: Source[] = [];
  const source = (query: string, extra: Record<string, unknown> = {}, ctx = secrets()) => {
    const s = createSource(sourceConfig({ kind: 'mysql', url: URL, query, ...extra }), ctx);
    opened.push(s);
    return s;
  };
  const insert = (n: number) => admin.query(`insert into ${table} (note) values ${Array.from({ length: n }, () => "('n')").join(',')}`);

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: URL });
    await admin.query(`create table ${table} (id int auto_increment primary key, note text)`);
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await admin.query(`drop table if exists ${table}`);
    await admin.end();
  });

  it('reads count(*) as a number, and follows new rows', async () => {
    await insert(4);
    const s = source(`select count(*) from ${table}`);
    expect(await s.read(within())).toBe(4);
    await insert(3);
    expect(await s.read(within())).toBe(7);
  });

  it('coerces DECIMAL and text numbers, and says so when the first column is not a number', async () => {
    expect(await source('select cast(2.5 as decimal(10,2))').read(within())).toBe(2.5);
    expect(await source(`select '42'`).read(within())).toBe(42);
    await expect(source(`select 'lagging'`).read(within())).rejects.toThrow('the first column is "lagging", not a number');
    await expect(source(`select 1 from ${table} where false`).read(within())).rejects.toThrow('the query returned no rows');
  });

  it('keeps one connection between reads, and reconnects by itself after the server kills it', async () => {
    const s = source('select connection_id()');
    const id = await s.read(within());
    expect(await s.read(within())).toBe(id);
    // A bad query leaves the session usable: the same connection answers after it.
    const bad = source(`select count(*) from ${table}_missing`);
    await expect(bad.read(within())).rejects.toThrow(`the query failed: Table 'test.${table}_missing' doesn't exist`);
    await admin.query(`kill ${id}`);
    const after = await s.read(within()).catch(() => s.read(within()));
    expect(after).not.toBe(id);
    expect(await s.read(within())).toBe(after);
  });

  it('a query slower than the timeout rejects promptly with "timed out after N s"', async () => {
    const s = source('select sleep(10)');
    const started = Date.now();
    await expect(s.read(AbortSignal.timeout(500))).rejects.toThrow('timed out after 0.5 s');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await source('select 3').read(within())).toBe(3);
  });

  it('a wrong port is "connection refused"; a wrong user is "authentication failed"', async () => {
    const port = await freePort();
    const refused = await testSource(sourceConfig({ kind: 'mysql', url: `mysql://root@127.0.0.1:${port}/test`, query: 'select 1' }), secrets(), 5_000);
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
    const denied = await testSource(
      sourceConfig({ kind: 'mysql', url: 'mysql://nobody_here@127.0.0.1:3306/test', query: 'select 1', passwordSecret: 'db-pass' }),
      secrets({ 'db-pass': SECRET_VALUE }),
      5_000,
    );
    expect(denied).toEqual({ ok: false, error: 'authentication failed' });
  });

  it('a missing secret is named; a secret never appears in an error', async () => {
    const missing = await testSource(sourceConfig({ kind: 'mysql', url: URL, query: 'select 1', passwordSecret: 'db-pass' }), secrets(), 5_000);
    expect(missing).toEqual({ ok: false, error: 'secret "db-pass" is not set on this hub' });
    // Refused with the secret as its password: the error says so without it.
    const denied = await testSource(
      sourceConfig({ kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/test', query: 'select 1', passwordSecret: 'db-pass' }),
      secrets({ 'db-pass': SECRET_VALUE }),
      5_000,
    );
    expect(denied).toEqual({ ok: false, error: 'authentication failed' });
    // A password written into the URL (against the rules) is not repeated either.
    const port = await freePort();
    const inUrl = await testSource(
      sourceConfigWithPasswordInUrl({ kind: 'mysql', url: `mysql://root:${SECRET_VALUE}@127.0.0.1:${port}/test`, query: 'select 1' }),
      secrets(),
      5_000,
    );
    expect(inUrl).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
  });
});

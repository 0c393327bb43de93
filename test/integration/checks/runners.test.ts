import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckConfigSchema, type CheckConfigInput, type SqlSource } from '@shared/checks';
import { createRunner, type CheckRunner, type ConnectedSpec } from '../../../electron/hub/checks/runners';
import { freePort, requireService, SECRET_VALUE, secrets, serveHttp, type TestServer, unique, within } from '../../support/services';

/*
 * The check runners against real databases on this machine: two schemas (databases, in
 * MariaDB) stand for the old and the new database, with `orders` copied one row short.
 */

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const MY_URL = 'mysql://root@127.0.0.1:3306/test';
const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);
const myUp = await requireService('MariaDB', '127.0.0.1', 3306);

const opened: CheckRunner[] = [];
function runner(spec: CheckConfigInput['spec'], timeoutSec = 5): CheckRunner {
  const config = CheckConfigSchema.parse({ id: 'c', name: 'check', timeoutSec, spec });
  const r = createRunner(config as typeof config & { spec: ConnectedSpec }, secrets({ 'api-token': SECRET_VALUE }));
  opened.push(r);
  return r;
}
afterAll(async () => {
  await Promise.all(opened.map((r) => r.close()));
});

const rowCounts = (a: SqlSource, b: SqlSource): CheckConfigInput['spec'] => ({ kind: 'sql', source: a, compare: { to: 'query', source: b, tolerance: 0 } });
const constant = (source: SqlSource): CheckConfigInput['spec'] => ({ kind: 'sql', source, compare: { to: 'constant', op: 'at_least', value: 0 } });

describe.skipIf(!pgUp)('SQL checks on PostgreSQL', () => {
  const oldDb = unique('old');
  const newDb = unique('new');
  let admin: pg.Client;
  const q = (query: string): SqlSource => ({ kind: 'postgres', url: PG_URL, query });

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    for (const s of [oldDb, newDb]) await admin.query(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.orders (id int primary key, total numeric)`);
    await admin.query(`INSERT INTO ${oldDb}.orders SELECT g, g FROM generate_series(1, 500) g`);
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id <> 250`);
  });
  afterAll(async () => {
    for (const s of [oldDb, newDb]) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });

  it('compares row counts on two connections: fails with both numbers, passes once the row is copied', async () => {
    const r = runner(rowCounts(q(`SELECT count(*) FROM ${oldDb}.orders`), q(`SELECT count(*) FROM ${newDb}.orders`)));
    expect(await r.run(within(15_000))).toEqual({ pass: false, values: [500, 499], summary: '500 vs 499: differ by 1 (tolerance 0)' });
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 250`);
    expect(await r.run(within(15_000))).toEqual({ pass: true, values: [500, 500], summary: '500 and 500: the same' });
  });

  it('runs in a read-only transaction: an UPDATE inside a CTE fails, and writes nothing', async () => {
    const r = runner(constant(q(`WITH x AS (UPDATE ${newDb}.orders SET total = 0 RETURNING 1) SELECT count(*) FROM x`)));
    await expect(r.run(within(15_000))).rejects.toThrow(/^the query tried to write, and a check only reads: cannot execute \w+ in a read-only transaction$/);
    const nextval = runner(constant(q(`SELECT nextval('${unique('nope')}')`)));
    await expect(nextval.run(within(15_000))).rejects.toThrow(/^the query failed: relation ".*" does not exist$/);
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${newDb}.orders WHERE total = 0`)).rows[0]).toEqual({ n: 0 });
    // The same session goes on reading after the refusal.
    await expect(r.run(within(15_000))).rejects.toThrow('read-only transaction');
  });

  it('stops a query that sleeps past the timeout, says so in a sentence, and reads again after', async () => {
    const r = runner(constant(q('SELECT pg_sleep(5)::text::int + 1')), 1);
    await expect(r.run(within(15_000))).rejects.toThrow("the query ran past the check's 1 s timeout and the server cancelled it");
    const fine = runner(constant(q('SELECT 1')), 1);
    expect((await fine.run(within(15_000))).values).toEqual([1]);
  });

  it('refuses a second statement at the server, too', async () => {
    const r = runner(constant(q('SELECT 1; SELECT 2')));
    await expect(r.run(within(15_000))).rejects.toThrow('cannot insert multiple commands into a prepared statement');
  });
});

describe.skipIf(!myUp)('SQL checks on MariaDB', () => {
  const oldDb = unique('old');
  const newDb = unique('new');
  let admin: mysql.Connection;
  const q = (query: string): SqlSource => ({ kind: 'mysql', url: MY_URL, query });

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: MY_URL, multipleStatements: true });
    for (const s of [oldDb, newDb]) await admin.query(`CREATE DATABASE ${s}; CREATE TABLE ${s}.orders (id int primary key, total decimal(10,2))`);
    await admin.query(`INSERT INTO ${oldDb}.orders SELECT seq, seq FROM seq_1_to_500`);
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id <> 250`);
  });
  afterAll(async () => {
    for (const s of [oldDb, newDb]) await admin.query(`DROP DATABASE IF EXISTS ${s}`);
    await admin.end();
  });

  it('compares row counts on two connections: fails with both numbers, passes once the row is copied', async () => {
    const r = runner(rowCounts(q(`SELECT count(*) FROM ${oldDb}.orders`), q(`SELECT count(*) FROM ${newDb}.orders`)));
    expect(await r.run(within(15_000))).toEqual({ pass: false, values: [500, 499], summary: '500 vs 499: differ by 1 (tolerance 0)' });
    await admin.query(`INSERT INTO ${newDb}.orders SELECT * FROM ${oldDb}.orders WHERE id = 250`);
    expect(await r.run(within(15_000))).toEqual({ pass: true, values: [500, 500], summary: '500 and 500: the same' });
  });

  it('runs in a read-only transaction: a write fails and changes nothing; an UPDATE inside a CTE does not even parse', async () => {
    const write = runner(constant(q(`UPDATE ${newDb}.orders SET total = 0`)));
    await expect(write.run(within(15_000))).rejects.toThrow(
      'the query tried to write, and a check only reads: Cannot execute statement in a READ ONLY transaction',
    );
    const cte = runner(constant(q(`WITH x AS (UPDATE ${newDb}.orders SET total = 0) SELECT count(*) FROM x`)));
    await expect(cte.run(within(15_000))).rejects.toThrow(/^the query failed: You have an error in your SQL syntax/);
    const [rows] = await admin.query(`SELECT count(*) AS n FROM ${newDb}.orders WHERE total = 0`);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('stops a query that sleeps past the timeout, says so in a sentence, and reads again after', async () => {
    const r = runner(constant(q('SELECT SLEEP(5)')), 1);
    await expect(r.run(within(15_000))).rejects.toThrow("the query ran past the check's 1 s timeout and the server cancelled it");
    const fine = runner(constant(q('SELECT 1')), 1);
    expect((await fine.run(within(15_000))).values).toEqual([1]);
  });
});

describe('HTTP and Prometheus checks', () => {
  let server: TestServer;
  let base = '';
  let healthy = true;
  beforeAll(async () => {
    server = await serveHttp((req, res) => {
      if (req.url === '/healthz') {
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ replication: { lagSeconds: healthy ? 1 : 40 } }));
      }
      if (req.url?.startsWith('/api/v1/query')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, healthy ? '0' : '12'] }] } }));
      }
      res.writeHead(404).end();
    });
    base = server.url;
  });
  afterAll(() => server.close());

  it('checks a status code, and a JSON path’s value against a constant', async () => {
    const status = runner({ kind: 'http', source: { kind: 'http', url: `${base}/healthz` } });
    const path = runner({
      kind: 'http',
      source: { kind: 'http', url: `${base}/healthz`, pointer: '/replication/lagSeconds' },
      compare: { to: 'constant', op: 'below', value: 5 },
    });
    healthy = true;
    expect(await status.run(within(15_000))).toEqual({ pass: true, values: [200], summary: 'HTTP 200' });
    expect(await path.run(within(15_000))).toEqual({ pass: true, values: [200, 1], summary: 'HTTP 200; 1 is below 5' });
    healthy = false;
    expect(await status.run(within(15_000))).toEqual({ pass: false, values: [503], summary: 'HTTP 503, not 200' });
    expect(await path.run(within(15_000))).toEqual({ pass: false, values: [503, 40], summary: 'HTTP 503, not 200; 40 is not below 5' });
  });

  it('checks an instant query’s value against a constant', async () => {
    const r = runner({
      kind: 'prometheus',
      source: { kind: 'prometheus', url: base, query: 'sum(pg_replication_lag)' },
      compare: { to: 'constant', op: 'equal', value: 0 },
    });
    healthy = true;
    expect(await r.run(within(15_000))).toEqual({ pass: true, values: [0], summary: '0 is equal to 0' });
    healthy = false;
    expect(await r.run(within(15_000))).toEqual({ pass: false, values: [12], summary: '12 is not equal to 0' });
  });

  it('says what went wrong without the secret it sent', async () => {
    const port = await freePort();
    const r = runner({ kind: 'http', source: { kind: 'http', url: `http://127.0.0.1:${port}/healthz`, headerSecrets: { authorization: 'api-token' } } });
    const error = await r.run(within(15_000)).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(error).toBe(`connection refused (127.0.0.1:${port})`);
    expect(error).not.toContain(SECRET_VALUE);
  });
});

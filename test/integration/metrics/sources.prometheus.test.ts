import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, SourceError, testSource } from '../../../electron/hub/metrics/sources';
import { tempDir } from '../../support/hubHarness';
import { eventually, freePort, secrets, SECRET_VALUE, serveHttp, sourceConfig, within, type TestServer } from '../../support/services';

const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';

/** Like the browser tests: skipped with a message on a laptop, a failure under CI. */
function prometheusAvailable(): boolean {
  if (existsSync(PROMETHEUS)) return true;
  if (process.env.CI === 'true') throw new Error(`Prometheus not found at ${PROMETHEUS}: install the Debian package "prometheus"`);
  console.warn(`Skipping Prometheus source tests: no Prometheus at ${PROMETHEUS} (apt-get install prometheus)`);
  return false;
}
const enabled = prometheusAvailable();

describe.skipIf(!enabled)('the prometheus source, against a real Prometheus scraping a test exporter', () => {
  let exporter: TestServer;
  let prometheus: ChildProcess;
  let dir: string;
  let promUrl = '';
  let depth = 42;
  let log = '';

  beforeAll(async () => {
    exporter = await serveHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        `# HELP warroom_queue_depth Messages waiting.\n# TYPE warroom_queue_depth gauge\nwarroom_queue_depth{queue="orders"} ${depth}\nwarroom_queue_depth{queue="audit"} 7\n` +
          // Two replicas, one 20 minutes behind: a query matching both must not show either alone.
          `# TYPE warroom_replica_lag_seconds gauge\nwarroom_replica_lag_seconds{replica="replica-1"} 2\nwarroom_replica_lag_seconds{replica="replica-2"} 1200\n`,
      );
    });
    dir = await tempDir('warroom-prom-');
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: warroom',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${exporter.port}']`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'prometheus.yml'), config);
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      PROMETHEUS,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  });
  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus.once('exit', r));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await exporter?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const source = (query: string, extra: Record<string, unknown> = {}) =>
    createSource(sourceConfig({ kind: 'prometheus', url: promUrl, query, ...extra }), secrets({ 'prom-token': SECRET_VALUE }));

  it('reads the one series of an instant vector, and follows the exporter as it changes', async () => {
    const s = source('warroom_queue_depth{queue="orders"}');
    const first = await eventually(
      () => s.read(within(3_000)),
      (v) => v === 42,
      15_000,
      250,
    ).catch((e: unknown) => {
      throw new Error(`Prometheus never answered 42: ${String(e)}\n${log}`);
    });
    expect(first).toBe(42);
    depth = 1337;
    expect(
      await eventually(
        () => s.read(within(3_000)),
        (v) => v === 1337,
        10_000,
        250,
      ),
    ).toBe(1337);
  });

  it('reads scalars and expressions, and sends a bearer token', async () => {
    expect(await source('scalar(sum(warroom_queue_depth{queue="audit"}))').read(within())).toBe(7);
    expect(await source('sum(warroom_queue_depth{queue="audit"}) * 2', { bearerSecret: 'prom-token' }).read(within())).toBe(14);
  });

  it('a query answering more than one series is an error naming them, not the first one listed', async () => {
    // Once Prometheus holds both replicas' lag (the wrapped query sees the one 20 minutes behind)...
    expect(
      await eventually(
        () => source('max(warroom_replica_lag_seconds)').read(within(3_000)),
        (v) => v === 1200,
        15_000,
        250,
      ),
    ).toBe(1200);
    // ...the bare one is down with a sentence, never 2 or 1200 by the order Prometheus lists them in.
    await expect(source('warroom_replica_lag_seconds{replica=~"replica-.*"}').read(within())).rejects.toThrow(
      new SourceError('the query returned 2 series (replica=replica-1, replica=replica-2): wrap it in max(…) or sum(…) so it returns one number'),
    );
    // Only the labels the series differ in name them; the rest (job, instance) are the same.
    const polled = await testSource(sourceConfig({ kind: 'prometheus', url: promUrl, query: 'warroom_queue_depth' }), secrets(), 5_000);
    expect(polled).toEqual({
      ok: false,
      error: 'the query returned 2 series (queue=audit, queue=orders): wrap it in max(…) or sum(…) so it returns one number',
    });
    expect(await source('sum(warroom_replica_lag_seconds)').read(within())).toBe(1202);
  });

  it('no series, a bad query, a wrong port, a missing secret: each a clear sentence, never the token', async () => {
    await expect(source('warroom_queue_depth{queue="none"}').read(within())).rejects.toThrow('the query returned no series');
    await expect(source('sum(').read(within())).rejects.toThrow(/^Prometheus rejected the query: .*parse error/);
    const port = await freePort();
    const refused = await testSource(
      sourceConfig({ kind: 'prometheus', url: `http://127.0.0.1:${port}`, query: 'up', bearerSecret: 'prom-token' }),
      secrets({ 'prom-token': SECRET_VALUE }),
      5_000,
    );
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
    const missing = await testSource(sourceConfig({ kind: 'prometheus', url: promUrl, query: 'up', bearerSecret: 'prom-token' }), secrets(), 5_000);
    expect(missing).toEqual({ ok: false, error: 'secret "prom-token" is not set on this hub' });
    const leaked = await testSource(
      sourceConfig({ kind: 'prometheus', url: promUrl, query: `sum(${SECRET_VALUE}`, bearerSecret: 'prom-token' }),
      secrets({ 'prom-token': SECRET_VALUE }),
      5_000,
    );
    expect(leaked.ok).toBe(false);
    expect(JSON.stringify(leaked)).not.toContain(SECRET_VALUE);
  });
});

describe('the prometheus source, against a fake query API', () => {
  let api: TestServer;
  let seen: { path: string; query: string | null; authorization: string | undefined }[] = [];
  const ANSWERS: Record<string, unknown> = {
    scalar: { status: 'success', data: { resultType: 'scalar', result: [1700000000.1, '3.25'] } },
    matrix: { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000, '1']] }] } },
    nan: { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1700000000, 'NaN'] }] } },
    many: {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [4, 2, 1, 3].map((n) => ({ metric: { __name__: 'lag', job: 'pg', instance: `replica-${n}` }, value: [1700000000, String(n)] })),
      },
    },
  };
  beforeAll(async () => {
    api = await serveHttp((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ path: url.pathname, query: url.searchParams.get('query'), authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ANSWERS[url.searchParams.get('query') ?? ''] ?? {}));
    });
  });
  afterAll(() => api.close());
  const read = (query: string, url = api.url) =>
    createSource(sourceConfig({ kind: 'prometheus', url, query, bearerSecret: 'prom-token' }), secrets({ 'prom-token': SECRET_VALUE })).read(within());

  it('sends the bearer token, keeps a path prefix, reads a scalar', async () => {
    seen = [];
    expect(await read('scalar', `${api.url}/prom`)).toBe(3.25);
    expect(seen).toEqual([{ path: '/prom/api/v1/query', query: 'scalar', authorization: `Bearer ${SECRET_VALUE}` }]);
  });

  it('a range result, a NaN sample or several series is an error saying so', async () => {
    await expect(read('matrix')).rejects.toThrow('the query returned a matrix result; it needs an instant vector or a scalar');
    await expect(read('nan')).rejects.toThrow('the sample is "NaN", not a number');
    await expect(read('many')).rejects.toThrow(
      'the query returned 4 series (instance=replica-1, instance=replica-2, instance=replica-3, …): wrap it in max(…) or sum(…) so it returns one number',
    );
  });
});

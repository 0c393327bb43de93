import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource, testSource } from '../../../electron/hub/metrics/sources';
import { resolvePointer } from '../../../electron/hub/metrics/sources/pointer';
import { freePort, secrets, SECRET_VALUE, serveHttp, sourceConfig, within, type TestServer, sourceConfigWithPasswordInUrl } from '../../support/services';

/** What the fake endpoint answers, by path. */
const ROUTES: Record<string, { status: number; body: string; type?: string }> = {
  '/status': {
    status: 200,
    body: JSON.stringify({ replication: { lag: { seconds: 12.5 } }, 'a/b': { 'm~n': 3 }, queues: [{ depth: 4 }, { depth: '17' }], name: 'primary' }),
  },
  '/broken': { status: 500, body: 'boom' },
  '/html': { status: 200, body: '<html>hi</html>', type: 'text/html' },
  '/secret': { status: 401, body: '{}' },
};

describe('the http source, against a real HTTP server', () => {
  let server: TestServer;
  let lastHeaders: IncomingHttpHeaders = {};
  beforeAll(async () => {
    server = await serveHttp((req, res) => {
      lastHeaders = req.headers;
      const route = ROUTES[new URL(req.url ?? '/', 'http://x').pathname] ?? { status: 404, body: '{}' };
      res.writeHead(route.status, { 'content-type': route.type ?? 'application/json' }).end(route.body);
    });
  });
  afterAll(() => server.close());

  const read = (extra: Record<string, unknown>, ctx = secrets({ 'api-token': SECRET_VALUE })) =>
    createSource(sourceConfig({ kind: 'http', url: `${server.url}/status`, ...extra }), ctx).read(within());

  it('follows an RFC 6901 pointer into nested JSON, escapes and array indexes included', async () => {
    expect(await read({ pointer: '/replication/lag/seconds' })).toBe(12.5);
    expect(await read({ pointer: '/a~1b/m~0n' })).toBe(3);
    expect(await read({ pointer: '/queues/0/depth' })).toBe(4);
    // A number-like string is a number.
    expect(await read({ pointer: '/queues/1/depth' })).toBe(17);
  });

  it('sends plain headers and secret headers', async () => {
    await read({ pointer: '/queues/0/depth', headers: { 'x-team': 'dba' }, headerSecrets: { authorization: 'api-token' } });
    expect(lastHeaders['x-team']).toBe('dba');
    expect(lastHeaders.authorization).toBe(SECRET_VALUE);
  });

  it('says what is wrong: not a number, nothing there, not JSON, a bad status', async () => {
    await expect(read({ pointer: '/name' })).rejects.toThrow('the value at "/name" is "primary", not a number');
    await expect(read({ pointer: '/replication' })).rejects.toThrow('the value at "/replication" is an object, not a number');
    await expect(read({ pointer: '/replication/lag/minutes' })).rejects.toThrow('the answer has nothing at "/replication/lag/minutes"');
    await expect(read({ pointer: '/queues/9/depth' })).rejects.toThrow('the answer has nothing at "/queues/9"');
    await expect(read({ url: `${server.url}/broken` })).rejects.toThrow(`the server answered HTTP 500 Internal Server Error (${server.url}/broken)`);
    await expect(read({ url: `${server.url}/html` })).rejects.toThrow('the answer is not JSON (HTTP 200, text/html)');
    await expect(read({ url: `${server.url}/secret` })).rejects.toThrow('authentication failed (HTTP 401)');
  });

  it('a wrong port is "connection refused"; a missing secret is named; secrets never appear in errors', async () => {
    const port = await freePort();
    const refused = await testSource(
      sourceConfig({ kind: 'http', url: `http://127.0.0.1:${port}/x?token=${SECRET_VALUE}`, headerSecrets: { authorization: 'api-token' } }),
      secrets({ 'api-token': SECRET_VALUE }),
      5_000,
    );
    expect(refused).toEqual({ ok: false, error: `connection refused (127.0.0.1:${port})` });
    const missing = await testSource(
      sourceConfig({ kind: 'http', url: `${server.url}/status`, headerSecrets: { authorization: 'api-token' } }),
      secrets(),
      5_000,
    );
    expect(missing).toEqual({ ok: false, error: 'secret "api-token" is not set on this hub' });
    // URL user info becomes Basic auth, and the status error shows the URL without it.
    const basic = await testSource(
      sourceConfigWithPasswordInUrl({ kind: 'http', url: `http://ops:${SECRET_VALUE}@127.0.0.1:${server.port}/broken?token=${SECRET_VALUE}` }),
      secrets(),
      5_000,
    );
    expect(basic).toEqual({ ok: false, error: `the server answered HTTP 500 Internal Server Error (http://127.0.0.1:${server.port}/broken?token=***)` });
    expect(lastHeaders.authorization).toBe(`Basic ${Buffer.from(`ops:${SECRET_VALUE}`).toString('base64')}`);
  });

  it('a server that never answers times out with "timed out after N s"', async () => {
    const silent = await serveHttp(() => undefined);
    try {
      const started = Date.now();
      const r = await testSource(sourceConfig({ kind: 'http', url: silent.url }), secrets(), 700);
      expect(r).toEqual({ ok: false, error: 'timed out after 0.7 s' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });
});

describe('the JSON pointer', () => {
  const doc = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'c%d': 2, 'e^f': 3, 'g|h': 4, 'i\\j': 5, 'k"l': 6, ' ': 7, 'm~n': 8 };
  it('resolves the examples of RFC 6901 section 5', () => {
    const cases: [string, unknown][] = [
      ['', doc],
      ['/foo', ['bar', 'baz']],
      ['/foo/0', 'bar'],
      ['/', 0],
      ['/a~1b', 1],
      ['/c%d', 2],
      ['/e^f', 3],
      ['/g|h', 4],
      ['/i\\j', 5],
      ['/k"l', 6],
      ['/ ', 7],
      ['/m~0n', 8],
    ];
    for (const [pointer, value] of cases) expect(resolvePointer(doc, pointer)).toEqual({ found: true, value });
  });
  it('finds nothing past the end, at "-", at a leading zero, or through a primitive', () => {
    for (const p of ['/foo/2', '/foo/-', '/foo/01', '/foo/0/x', '/nope', 'foo']) expect(resolvePointer(doc, p).found).toBe(false);
  });
});

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { SourceConfigSchema, type SourceConfig } from '@shared/metrics';
import type { SourceContext } from '../../electron/hub/metrics/sources';

/** Whether something accepts TCP connections at host:port, within `timeoutMs`. */
export function reachable(host: string, port: number, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

/**
 * Source tests talk to real services on loopback. On a laptop without one, its test file is
 * skipped with a message; under CI a missing service is a failure, never a silent skip.
 */
export async function requireService(name: string, host: string, port: number): Promise<boolean> {
  if (await reachable(host, port)) return true;
  if (process.env.CI === 'true') throw new Error(`${name} is not reachable at ${host}:${port}: CI must run it for the source tests`);
  console.warn(`Skipping ${name} source tests: nothing listens on ${host}:${port}`);
  return false;
}

/** A name no parallel run shares: tables, queues, keys and streams get one each. */
export const unique = (prefix: string): string => `${prefix}_${randomBytes(5).toString('hex')}`;

/** A distinctive secret, so a test can prove it never appears in an error. */
export const SECRET_VALUE = 'Sup3r-S3cret-VALUE-xyzzy';

/** A hub's secrets, from a plain object. */
export const secrets = (values: Record<string, string> = {}): SourceContext => ({ secret: (name) => values[name] });

/** A source config as the hub holds it: parsed, with the schema's defaults. */
export function sourceConfig<K extends SourceConfig['kind']>(raw: { kind: K } & Record<string, unknown>): Extract<SourceConfig, { kind: K }> {
  return SourceConfigSchema.parse(raw) as Extract<SourceConfig, { kind: K }>;
}

/**
 * A config with a password in its URL, as an older hub's journal may still hold one (the
 * schema now refuses it): parsed with the password taken out, then put back. A source must
 * still never repeat it.
 */
export function sourceConfigWithPasswordInUrl<K extends SourceConfig['kind']>(
  raw: { kind: K; url: string } & Record<string, unknown>,
): Extract<SourceConfig, { kind: K }> {
  const bare = new URL(raw.url);
  bare.password = '';
  return { ...sourceConfig({ ...raw, url: bare.href }), url: raw.url } as Extract<SourceConfig, { kind: K }>;
}

/** A signal for one read, as the poller gives it. */
export const within = (ms = 10_000): AbortSignal => AbortSignal.timeout(ms);

/** Polls `read` until `accept` holds (or the time runs out), and returns the last value. */
export async function eventually<T>(read: () => Promise<T>, accept: (v: T) => boolean, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  if (last !== undefined) return last;
  throw lastError instanceof Error ? lastError : new Error('eventually: no value before the deadline');
}

export type TestServer = { url: string; port: number; server: Server; close: () => Promise<void> };

/** A real HTTP server on 127.0.0.1 and a free port, answering with `handler`. */
export async function serveHttp(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP port nothing listens on (just freed by the kernel). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

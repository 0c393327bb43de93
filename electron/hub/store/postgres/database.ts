import type pg from 'pg';
import { STORE_PASSWORD_ENV } from '../../secrets/vault';

/** The environment variable a password for the store may come from (besides PGPASSWORD and ~/.pgpass); never a night's secret. */
export { STORE_PASSWORD_ENV };

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/** What a hub needs to reach its database: the pg config and a form of the URL safe to print. */
export type StoreTarget = { config: pg.ClientConfig; shown: string; schema: string };

/**
 * Reads `postgres://user[:password]@host[:port]/db[?schema=name]`. The password may be in the
 * URL, in WARROOM_SECRET_STORE_PASSWORD, or where libpq looks (PGPASSWORD, ~/.pgpass); it never
 * appears in `shown`, which is what logs, errors and /healthz carry.
 */
export function storeTarget(url: string, env: NodeJS.ProcessEnv = process.env): StoreTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error('The store is not a URL: give postgres://user@host:5432/database');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`The store must be a postgres:// URL, not ${u.protocol}//`);
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA.test(schema)) throw new Error(`The store's schema "${schema.slice(0, 64)}" is not a plain lower-case name`);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const password = u.password ? decodeURIComponent(u.password) : env[STORE_PASSWORD_ENV];
  const shown = `postgres://${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}/${database}${schema === 'public' ? '' : `?schema=${schema}`}`;
  const config: pg.ClientConfig = {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    ...(database ? { database } : {}),
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(password !== undefined ? { password } : {}),
    // Durable before acknowledged: a commit returns only once the WAL is flushed. The server's
    // default, said again so a database configured otherwise does not silently weaken it.
    options: `-c search_path=${schema} -c synchronous_commit=on`,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    application_name: 'warroom-hub',
  };
  return { config, shown, schema };
}

/** An error from the database as a sentence: the pg message, never the connection string. */
export function dbProblem(e: unknown, shown: string): string {
  const err = e as { message?: string; code?: string };
  return `${shown}: ${err.message ?? String(e)}${err.code ? ` (${err.code})` : ''}`;
}

/** The unique-key violation a losing append gets. */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === '23505';

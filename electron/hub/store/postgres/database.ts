import type pg from 'pg';
import { STORE_PASSWORD_ENV } from '../../secrets/vault';

/** The environment variable a password for the store may come from (besides PGPASSWORD and ~/.pgpass); never a night's secret. */
export { STORE_PASSWORD_ENV };

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

/** How long a hub waits on the database for one query, in ms (15 s unless set; 1 s to 10 min). */
export const STORE_TIMEOUT_ENV = 'WARROOM_STORE_TIMEOUT_MS';
const DEFAULT_STORE_TIMEOUT_MS = 15_000;

/**
 * The wait for one query: past it, a database that stopped answering (a link black-holed by
 * a firewall, a frozen VM) is an error the hub acts on, not a command left unanswered all
 * night while the hub still answers pings. Well above the 2 s lease tries and any commit.
 */
export function storeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env[STORE_TIMEOUT_ENV]);
  return Number.isInteger(set) && set >= 1000 && set <= 600_000 ? set : DEFAULT_STORE_TIMEOUT_MS;
}

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
  const timeoutMs = storeTimeoutMs(env);
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
    // A query unanswered this long fails here (the pool drops its connection), and the
    // database ends one that runs for nearly as long (a lock wait behind a frozen hub), so
    // it answers with a reason first. Migrations wait as long as they need (migrate.ts).
    query_timeout: timeoutMs,
    statement_timeout: Math.max(500, timeoutMs - 1000),
    // A peer gone without closing its socket is noticed in seconds, not the system's two hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
    connectionTimeoutMillis: Math.min(10_000, timeoutMs),
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

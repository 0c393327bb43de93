import pg from 'pg';
import type { SqlSource } from '@shared/checks';
import { endpointOf, messageOf, parseUrl } from '../metrics/sources/errors';
import { Held } from '../metrics/sources/held';
import { reader, resolveSecret } from '../metrics/sources/reader';
import type { Source, SourceContext } from '../metrics/sources/source';
import { firstCell } from '../metrics/sources/sql';
import { timeoutSentence } from './words';

type PgError = Error & { code?: string; severity?: string };
type PgSource = Extract<SqlSource, { kind: 'postgres' }>;

function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

function explain(target: string, timeoutMs: number) {
  return (err: unknown): string | undefined => {
    const e = err as PgError;
    const message = messageOf(err);
    if (e.code === '57014') return timeoutSentence(timeoutMs);
    if (e.code === '25006') return `the query tried to write, and a check only reads: ${message}`;
    if (e.code === '28P01') return 'authentication failed';
    if (e.code === '28000') return `authentication failed: ${message}`;
    if (/client password must be a string/i.test(message)) return 'the server asks for a password, and the check names no passwordSecret';
    if (/connection timeout/i.test(message)) return `connection timed out (${target})`;
    if (/Connection terminated/i.test(message)) return `the server closed the connection (${target})`;
    if (typeof e.severity === 'string') return `the query failed: ${message}`;
    return undefined;
  };
}

/**
 * A check's query on PostgreSQL: inside a READ ONLY transaction with a statement timeout, sent
 * as one extended-protocol statement (which the server refuses to split into several), and
 * always rolled back. The session is kept between runs, as a lag source keeps its own.
 */
export function postgresReadOnly(source: PgSource, ctx: SourceContext, timeoutMs: number): Source {
  const target = endpointOf(source.url, 5432);
  const held: Held<pg.Client> = new Held(
    async () => {
      parseUrl(source.url);
      const client = new pg.Client({
        connectionString: withPassword(source.url, resolveSecret(ctx, source.passwordSecret)),
        connectionTimeoutMillis: 30_000,
        fallback_application_name: 'warroom-hub-check',
      });
      client.on('error', () => void held.drop(client));
      client.on('end', () => void held.drop(client));
      await client.connect();
      return client;
    },
    (client) => client.end(),
  );
  return reader(source, ctx, {
    target,
    explain: explain(target, timeoutMs),
    async read() {
      const client = await held.get();
      try {
        await client.query('BEGIN TRANSACTION READ ONLY');
        // LOCAL: the limit ends with the transaction, whatever the query does.
        await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
        // Extended protocol: the server refuses several statements in one. (pg knows queryMode; its types do not yet.)
        const query: pg.QueryArrayConfig & { queryMode: 'extended' } = { text: source.query, rowMode: 'array', queryMode: 'extended' };
        const { rows } = await client.query(query);
        return firstCell(rows);
      } catch (err) {
        const e = err as PgError;
        if (typeof e.severity !== 'string' || e.severity === 'FATAL' || e.severity === 'PANIC') void held.drop(client);
        throw err;
      } finally {
        await client.query('ROLLBACK').catch(() => held.drop(client));
      }
    },
    abandon: () => held.drop(),
    close: () => held.drop(),
  });
}

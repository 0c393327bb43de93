import mysql from 'mysql2/promise';
import type { SqlSource } from '@shared/checks';
import { endpointOf, messageOf, parseUrl } from '../metrics/sources/errors';
import { Held } from '../metrics/sources/held';
import { reader, resolveSecret } from '../metrics/sources/reader';
import type { Source, SourceContext } from '../metrics/sources/source';
import { firstCell } from '../metrics/sources/sql';
import { timeoutSentence } from './words';

type MysqlError = Error & { code?: string; errno?: number; sqlState?: string; sqlMessage?: string; fatal?: boolean };
type MysqlSource = Extract<SqlSource, { kind: 'mysql' }>;

/** Errors that mean the statement ran out of time: MariaDB's max_statement_time, MySQL's max_execution_time. */
const TIMED_OUT = new Set([1969, 3024]);

function explain(target: string, timeoutMs: number) {
  return (err: unknown): string | undefined => {
    const e = err as MysqlError;
    const message = e.sqlMessage ?? messageOf(err);
    if (e.errno !== undefined && TIMED_OUT.has(e.errno)) return timeoutSentence(timeoutMs);
    if (e.errno === 1792) return `the query tried to write, and a check only reads: ${message}`;
    if (e.code === 'ER_ACCESS_DENIED_ERROR' || e.code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR') return 'authentication failed';
    if (e.code === 'ER_DBACCESS_DENIED_ERROR' || e.code === 'ER_BAD_DB_ERROR') return message;
    if (e.code === 'PROTOCOL_CONNECTION_LOST') return `the server closed the connection (${target})`;
    if (typeof e.sqlState === 'string') return `the query failed: ${message}`;
    return undefined;
  };
}

/**
 * A check's query on MySQL or MariaDB: in a READ ONLY transaction, with the server's own
 * statement limit set for the session (MariaDB and MySQL name it differently), one statement
 * only (mysql2 sends several only when asked to), always rolled back.
 */
export function mysqlReadOnly(source: MysqlSource, ctx: SourceContext, timeoutMs: number): Source {
  const target = endpointOf(source.url, 3306);
  const held: Held<mysql.Connection> = new Held(
    async () => {
      parseUrl(source.url);
      const conn = await mysql.createConnection({ uri: source.url, password: resolveSecret(ctx, source.passwordSecret), connectTimeout: 30_000 });
      conn.on('error', () => void held.drop(conn));
      conn.on('end', () => void held.drop(conn));
      const [rows] = await conn.query({ sql: 'SELECT VERSION()', rowsAsArray: true });
      const mariadb = /mariadb/i.test(String((rows as unknown[][])[0]?.[0] ?? ''));
      await conn.query(
        mariadb
          ? `SET SESSION max_statement_time = ${Math.max(0.001, timeoutMs / 1000)}`
          : `SET SESSION max_execution_time = ${Math.max(1, Math.round(timeoutMs))}`,
      );
      return conn;
    },
    (conn) => conn.destroy(),
  );
  return reader(source, ctx, {
    target,
    explain: explain(target, timeoutMs),
    async read() {
      const conn = await held.get();
      try {
        await conn.query('START TRANSACTION READ ONLY');
        const [rows] = await conn.query({ sql: source.query, rowsAsArray: true });
        return firstCell(rows);
      } catch (err) {
        const e = err as MysqlError;
        if (e.fatal || typeof e.sqlState !== 'string') void held.drop(conn);
        throw err;
      } finally {
        await conn.query('ROLLBACK').catch(() => held.drop(conn));
      }
    },
    abandon: () => held.drop(),
    close: () => held.drop(),
  });
}

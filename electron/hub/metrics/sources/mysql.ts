import mysql from 'mysql2/promise';
import { endpointOf, messageOf, parseUrl } from './errors';
import { Held } from './held';
import { reader, resolveSecret } from './reader';
import type { SourceFactory } from './source';
import { firstCell } from './sql';

type MysqlError = Error & { code?: string; sqlState?: string; sqlMessage?: string; fatal?: boolean };

function explain(target: string) {
  return (err: unknown): string | undefined => {
    const e = err as MysqlError;
    const message = e.sqlMessage ?? messageOf(err);
    if (e.code === 'ER_ACCESS_DENIED_ERROR' || e.code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR') return 'authentication failed';
    if (e.code === 'ER_DBACCESS_DENIED_ERROR' || e.code === 'ER_BAD_DB_ERROR') return message;
    if (e.code === 'PROTOCOL_CONNECTION_LOST') return `the server closed the connection (${target})`;
    if (typeof e.sqlState === 'string') return `the query failed: ${message}`;
    return undefined;
  };
}

export const mysqlSource: SourceFactory<'mysql'> = (config, ctx) => {
  const target = endpointOf(config.url, 3306);
  const held: Held<mysql.Connection> = new Held(
    async () => {
      parseUrl(config.url);
      const password = resolveSecret(ctx, config.passwordSecret);
      // mysql2 lets an explicit option win over the URL's part, so the password never joins the URL.
      const conn = await mysql.createConnection({ uri: config.url, password, connectTimeout: 30_000 });
      // A fatal error on an idle connection is emitted; unheard, it would crash the hub.
      conn.on('error', () => void held.drop(conn));
      conn.on('end', () => void held.drop(conn));
      return conn;
    },
    // A read-only session loses nothing by an abrupt close, and destroy never waits on a dead
    // network or behind a slow query the way a polite QUIT does.
    (conn) => conn.destroy(),
  );
  return reader(config, ctx, {
    target,
    explain: explain(target),
    async read() {
      const conn = await held.get();
      let rows: unknown;
      try {
        [rows] = await conn.query({ sql: config.query, rowsAsArray: true });
      } catch (err) {
        // A query-level error leaves the session usable; a fatal one or a network error does not.
        const e = err as MysqlError;
        if (e.fatal || typeof e.sqlState !== 'string') void held.drop(conn);
        throw err;
      }
      return firstCell(rows);
    },
    abandon: () => held.drop(),
    close: () => held.drop(),
  });
};

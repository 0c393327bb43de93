import pg from 'pg';
import { endpointOf, messageOf, parseUrl } from './errors';
import { Held } from './held';
import { reader, resolveSecret } from './reader';
import type { SourceFactory } from './source';
import { firstCell } from './sql';

type PgError = Error & { code?: string; severity?: string };

/** The URL with the secret password in it: pg's parser lets a URL's (empty) password win over the option. */
function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const u = new URL(url);
  // Encoded ourselves: the URL setter leaves "%" alone, and pg decodes what it finds.
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** A query-level error leaves the session usable; anything else (FATAL, network) means reconnect. */
const sessionSurvives = (err: PgError) => typeof err.severity === 'string' && err.severity !== 'FATAL' && err.severity !== 'PANIC';

function explain(target: string) {
  return (err: unknown): string | undefined => {
    const e = err as PgError;
    const message = messageOf(err);
    if (e.code === '28P01') return 'authentication failed';
    if (e.code === '28000') return `authentication failed: ${message}`;
    if (e.code === '3D000') return message;
    if (/client password must be a string/i.test(message)) return 'the server asks for a password, and the series names no passwordSecret';
    if (/connection timeout/i.test(message)) return `connection timed out (${target})`;
    if (/Connection terminated/i.test(message)) return `the server closed the connection (${target})`;
    if (typeof e.severity === 'string') return `the query failed: ${message}`;
    return undefined;
  };
}

export const postgresSource: SourceFactory<'postgres'> = (config, ctx) => {
  const target = endpointOf(config.url, 5432);
  const held: Held<pg.Client> = new Held(
    async () => {
      parseUrl(config.url);
      const password = resolveSecret(ctx, config.passwordSecret);
      const client = new pg.Client({
        connectionString: withPassword(config.url, password),
        connectionTimeoutMillis: 30_000,
        // A read abandoned at its timeout drops the session, but the server would run the
        // query on; this bounds it at the longest timeout a series may have.
        statement_timeout: 120_000,
        fallback_application_name: 'warroom-hub',
      });
      // An idle client that loses its server emits 'error'; unheard, it would crash the hub.
      client.on('error', () => void held.drop(client));
      client.on('end', () => void held.drop(client));
      await client.connect();
      return client;
    },
    (client) => client.end(),
  );
  return reader(config, ctx, {
    target,
    explain: explain(target),
    async read() {
      const client = await held.get();
      let rows: unknown;
      try {
        ({ rows } = await client.query({ text: config.query, rowMode: 'array' }));
      } catch (err) {
        if (!sessionSurvives(err as PgError)) void held.drop(client);
        throw err;
      }
      return firstCell(rows);
    },
    // A timed-out query still runs on its session; a fresh connection is quicker than waiting.
    abandon: () => held.drop(),
    close: () => held.drop(),
  });
};

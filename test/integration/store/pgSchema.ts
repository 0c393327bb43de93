import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test database (trust auth on loopback). Each test gets a schema of its own, dropped after. */
export const PG_BASE = process.env.WARROOM_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A store URL naming a fresh schema, and a way to drop it. */
export function freshSchema(prefix = 'wr_t'): {
  url: string;
  schema: string;
  drop: () => Promise<void>;
  query: <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<T[]>;
} {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const url = `${PG_BASE}?schema=${schema}`;
  const run = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: PG_BASE, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  return { url, schema, query: run, drop: async () => void (await run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
}

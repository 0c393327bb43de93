import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url));
/** Any constant both hubs agree on: the lock that serialises migrations across hubs. */
const MIGRATION_LOCK = 741_000_001;

/** The schema versions this hub knows: `sql/NNN_name.sql`, applied in order. */
async function migrations(): Promise<{ version: number; file: string }[]> {
  const files = (await readdir(SQL_DIR)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return files.map((file) => ({ version: Number(file.slice(0, 3)), file }));
}

/**
 * Brings the store's schema to the version this hub knows, in one transaction, under an
 * advisory lock (several hubs starting at once apply each file once). A database newer than
 * this hub is refused with a sentence rather than written with an older idea of its tables.
 * Answers the version the schema is at.
 */
export async function migrate(client: pg.ClientBase, schema: string): Promise<number> {
  const known = await migrations();
  await client.query('BEGIN');
  try {
    // A migration may wait for another hub's, and rewrite a big table: no statement timeout here.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path = ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS warroom_schema_version (version integer PRIMARY KEY, file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM warroom_schema_version');
    const at = rows[0]?.v ?? 0;
    const newest = known[known.length - 1]?.version ?? 0;
    if (at > newest) throw new Error(`The store's schema is at version ${at}, newer than this hub knows (${newest}): upgrade the hub`);
    for (const m of known.filter((x) => x.version > at)) {
      await client.query(await readFile(`${SQL_DIR}${m.file}`, 'utf8'));
      await client.query('INSERT INTO warroom_schema_version (version, file) VALUES ($1, $2)', [m.version, m.file]);
    }
    await client.query('COMMIT');
    return Math.max(at, newest);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

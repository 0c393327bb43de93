import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { startHub } from '../electron/hub/hub';
import { SMALL_RUNBOOK, WINDOW_START } from '../test/support/hubHarness';
import { benchTempDir, REPO_ROOT } from './lib';

/*
 * Several real hub processes (`npm run hub -- --store postgres://…`) on one fresh schema of a
 * PostgreSQL database, for bench:failover and bench:sync --store postgres. Nothing here judges.
 */

export const DEFAULT_DB = process.env.WARROOM_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export type HubProcess = { url: string; port: number; proc: ChildProcess };

/** A fresh schema for one run, and how to drop it afterwards. */
export function benchSchema(base = DEFAULT_DB): { url: string; drop: () => Promise<void>; query: <T extends pg.QueryResultRow>(sql: string) => Promise<T[]> } {
  const schema = `wr_bench_${randomBytes(4).toString('hex')}`;
  const run = async <T extends pg.QueryResultRow>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: base, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  return { url: `${base}?schema=${schema}`, query: run, drop: async () => void (await run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
}

/** Creates a night in the store (or a data folder) with an in-process hub that then closes; answers its id and tokens. */
export async function plantNight(where: { store: string } | { dataDir: string }): Promise<{ cutoverId: string; tokens: Record<string, string> }> {
  const hub = await startHub({ dataDir: 'dataDir' in where ? where.dataDir : await benchTempDir('warroom-bench-'), ...where, port: 0, log: () => undefined });
  const { cutoverId, invites } = await hub.createCutover({
    title: 'Bench night',
    window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  await hub.close();
  return { cutoverId, tokens: Object.fromEntries(invites.map((i) => [i.invite.role, i.token])) };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts the standalone hub (`electron/hub/cli.ts`) with `args` and waits for its address. */
export function spawnCliHub(args: string[], port: number): Promise<HubProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/hub/cli.ts', '--port', String(port), ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        err = '';
        resolve({ url: m[1]!, port, proc });
      }
    });
    proc.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${err.slice(-2000)}`)));
  });
}

/** What a hub's /healthz says about the store, or null when it does not answer. */
export async function healthOf(url: string): Promise<{ leads: string[]; peers: string[] } | null> {
  try {
    return (await (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).json()) as { leads: string[]; peers: string[] };
  } catch {
    return null;
  }
}

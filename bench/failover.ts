/*
 * Failover benchmark: three hub processes on one PostgreSQL database, --clients (20) clients
 * spread over them sending --rate (300) commands/s in all, and --kills (10) times a hub killed
 * with SIGKILL (every other time the one running the cutover's side effects, otherwise one at
 * random among those carrying clients), then started again on its port once its clients have moved.
 *
 * Measured per kill: each client that was on the killed hub, from the kill until it is live on
 * another (reconnect); when the killed hub held the lease, from the kill until a survivor's
 * /healthz says it leads (takeover). At the end, against the events table: acked commands
 * missing (lost) and commands stored more than once (duplicated).
 *
 * Flags: --kills N --clients N --rate N --db postgres://… (the test database; a fresh schema
 * is made and dropped).
 * Last line: kills=… clients=… rate=… takeover_ms=<max> takeover_p50_ms=… reconnect_p50_ms=… reconnect_p99_ms=… lost=… duplicated=…
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { HubClient, type WebSocketLike } from '@shared/client';
import { socketUrl } from '@shared/protocol';
import { fmt, percentile, positiveInt, runBenchmark, sleep } from './lib';
import { benchSchema, DEFAULT_DB, freePort, healthOf, plantNight, spawnCliHub, type HubProcess } from './multiHub';

const { values } = parseArgs({ options: { kills: { type: 'string' }, clients: { type: 'string' }, rate: { type: 'string' }, db: { type: 'string' } } });
const KILLS = Math.round(positiveInt(values.kills, 10, 'kills'));
const CLIENTS = Math.round(positiveInt(values.clients, 20, 'clients'));
const RATE = positiveInt(values.rate, 300, 'rate');
const HUBS = 3;

const db = benchSchema(values.db ?? DEFAULT_DB);
const hubs: HubProcess[] = [];
const clients: HubClient[] = [];

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
  return Date.now() - t0;
}

async function leaderIndex(cutoverId: string): Promise<number> {
  const healths = await Promise.all(hubs.map((h) => (h.proc.exitCode === null && h.proc.signalCode === null ? healthOf(h.url) : null)));
  return healths.findIndex((h) => h?.leads.includes(cutoverId));
}

async function main(): Promise<void> {
  console.log(`failover bench: ${HUBS} hubs on one database, ${CLIENTS} clients, ${RATE} commands/s, ${KILLS} kills`);
  const { cutoverId, tokens } = await plantNight({ store: db.url });
  const ports = await Promise.all(Array.from({ length: HUBS }, () => freePort()));
  for (const port of ports) hubs.push(await spawnCliHub(['--store', db.url], port));
  const urls = hubs.map((h) => socketUrl(h.url, cutoverId));
  for (let i = 0; i < CLIENTS; i++) {
    const c = new HubClient({
      url: urls[i % HUBS]!,
      urls: [...urls.slice(i % HUBS), ...urls.slice(0, i % HUBS)],
      auth: { token: tokens.operator! },
      name: `Bench ${i}`,
      createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
      newId: randomUUID,
      now: Date.now,
      backoff: { baseMs: 50, maxMs: 1000 },
    });
    clients.push(c);
    c.start();
  }
  await waitUntil(() => clients.every((c) => c.status === 'live'), 'every client live', 20_000);
  await waitUntil(async () => (await leaderIndex(cutoverId)) >= 0, 'a hub to lead', 20_000);
  console.log(`${CLIENTS} clients live on ${HUBS} hubs`);

  const acked = new Set<string>();
  let sending = true;
  const perClientMs = (1000 * CLIENTS) / RATE;
  const load = clients.map(async (c, i) => {
    await sleep((perClientMs * i) / CLIENTS);
    for (let k = 0; sending; k++) {
      const { id, done } = c.send('note.add', { text: `bench ${i}/${k}`, severity: 'info' });
      void done.then(() => acked.add(id)).catch(() => undefined);
      await sleep(perClientMs);
    }
  });

  const reconnects: number[] = [];
  const takeovers: number[] = [];
  for (let k = 0; k < KILLS; k++) {
    await sleep(1500);
    const leader = await leaderIndex(cutoverId);
    // Clients stay where they moved, so a random hub is chosen among those that carry some.
    const carrying = urls.map((_, i) => i).filter((i) => clients.some((c) => c.hub === urls[i]));
    const victim = k % 2 === 0 && leader >= 0 ? leader : carrying[Math.floor(Math.random() * carrying.length)]!;
    const on = clients.filter((c) => c.hub === urls[victim]);
    const killedAt = Date.now();
    hubs[victim]!.proc.kill('SIGKILL');
    const these: number[] = [];
    const moved = on.map((c) => waitUntil(() => c.status === 'live' && c.hub !== urls[victim], 'a client to move', 30_000).then((ms) => these.push(ms)));
    if (victim === leader) {
      await waitUntil(
        async () => {
          const now = await leaderIndex(cutoverId);
          return now >= 0 && now !== victim;
        },
        'a takeover',
        30_000,
      );
      takeovers.push(Date.now() - killedAt);
    }
    await Promise.all(moved);
    reconnects.push(...these);
    console.log(
      `kill ${k + 1}: hub ${victim}${victim === leader ? ' (lease holder)' : ''}, ${on.length} clients moved${on.length ? `, the last after ${Math.max(...these)} ms` : ''}`,
    );
    hubs[victim] = await spawnCliHub(['--store', db.url], ports[victim]!);
  }
  sending = false;
  await Promise.all(load);
  await waitUntil(() => clients.every((c) => c.pending.length === 0), 'every command answered', 30_000);

  const rows = await db.query<{ command_id: string; n: string }>(
    `SELECT e.event::jsonb->>'commandId' AS command_id, count(*) AS n FROM warroom_events e WHERE e.event LIKE '%"type":"note.added"%' GROUP BY 1`,
  );
  const stored = new Map(rows.map((r) => [r.command_id, Number(r.n)]));
  const lost = [...acked].filter((id) => !stored.has(id)).length;
  const duplicated = [...stored.values()].filter((n) => n > 1).length;
  const seqs = await db.query<{ n: string; max: string }>('SELECT count(*) AS n, max(seq) AS max FROM warroom_events');
  const contiguous = seqs[0]!.n === seqs[0]!.max;
  reconnects.sort((a, b) => a - b);
  takeovers.sort((a, b) => a - b);
  console.log(`${acked.size} commands acknowledged, ${stored.size} stored, seqs ${contiguous ? 'contiguous' : 'NOT contiguous'}`);
  console.log(
    `kills=${KILLS} clients=${CLIENTS} rate=${RATE} takeover_ms=${fmt(takeovers[takeovers.length - 1] ?? Number.NaN, 0)} takeover_p50_ms=${fmt(percentile(takeovers, 50), 0)} ` +
      `reconnect_p50_ms=${fmt(percentile(reconnects, 50), 0)} reconnect_p99_ms=${fmt(percentile(reconnects, 99), 0)} lost=${lost} duplicated=${duplicated}`,
  );
}

async function cleanup(): Promise<void> {
  for (const c of clients) c.stop();
  for (const h of hubs) if (h.proc.exitCode === null) h.proc.kill('SIGKILL');
  await sleep(200);
  await db.drop().catch(() => undefined);
}

await runBenchmark('bench:failover', 10 * 60_000, main, cleanup);

/*
 * bench:sync --store postgres: the sync figure for several hubs on one PostgreSQL database,
 * beside the file journal's in the same run.
 *
 * What is measured: for each command, from its `ws.send()` until the LAST of --clients (50)
 * raw sockets has received the event carrying its id (performance.now() in this process).
 * Two runs, each with a --warmup (1) s not counted and --seconds (10) s counted at --rate
 * (100) commands/s:
 *  - file: one hub process with its file journal, every socket on it, one lead sending;
 *  - postgres: --hubs (3) hub processes (`npm run hub -- --store …`) on one fresh schema, the
 *    sockets spread over them, one lead per hub, the commands sent by each lead in turn (so
 *    the hubs race for seqs as they would with a crew spread over them).
 * Hubs run in their own processes; on a 2-core machine they share one core with PostgreSQL.
 *
 * Last line: clients=… p50_ms=… p99_ms=… file_p50_ms=… file_p99_ms=… ratio_file_p99=… store=postgres hubs=N
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, socketUrl } from '@shared/protocol';
import { benchTempDir, fmt, percentile, sleep } from './lib';
import { benchSchema, DEFAULT_DB, freePort, plantNight, spawnCliHub, type HubProcess } from './multiHub';

export type MultiHubOptions = { clients: number; rate: number; seconds: number; warmupS: number; hubs: number; db?: string };

type Run = { p50: number; p99: number; done: number; sent: number };

async function joined(url: string, token: string, name: string): Promise<WebSocket> {
  const ws = new WebSocket(url, [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
    ws.once('open', () => ws.send(JSON.stringify({ t: 'hello', protocol: 1, name, since: 0 })));
    const onMessage = (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as { t: string }).t !== 'synced') return;
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
  });
  ws.removeAllListeners('close');
  ws.removeAllListeners('error');
  ws.on('error', () => undefined);
  return ws;
}

/** Drives `leads` in turn at the rate and times each command to the last of `all`. */
async function drive(leads: WebSocket[], all: WebSocket[], o: MultiHubOptions, label: string): Promise<Run> {
  const pending = new Map<string, { t0: number; seen: number; timed: boolean }>();
  const latencies: number[] = [];
  for (const ws of all) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = data.toString();
      if (!text.startsWith('{"t":"events"')) return;
      const at = performance.now();
      for (const e of (JSON.parse(text) as { events: { commandId?: string }[] }).events) {
        const p = e.commandId === undefined ? undefined : pending.get(e.commandId);
        if (!p || ++p.seen < all.length) continue;
        pending.delete(e.commandId!);
        if (p.timed) latencies.push(at - p.t0);
      }
    });
  }
  const total = Math.round((o.warmupS + o.seconds) * o.rate);
  const warm = Math.round(o.warmupS * o.rate);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = `${label}-${i}`;
    pending.set(id, { t0: performance.now(), seen: 0, timed: i >= warm });
    leads[i % leads.length]!.send(JSON.stringify({ t: 'command', id, type: 'note.add', payload: { text: `bench ${i}`, severity: 'info' } }));
  }
  const end = performance.now() + 5000;
  while (pending.size > 0 && performance.now() < end) await sleep(20);
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), done: latencies.length, sent: total - warm };
}

async function fileRun(o: MultiHubOptions): Promise<Run> {
  const dataDir = await benchTempDir('warroom-bench-sync-file-');
  let hub: HubProcess | null = null;
  const sockets: WebSocket[] = [];
  try {
    const { cutoverId, tokens } = await plantNight({ dataDir });
    hub = await spawnCliHub(['--data-dir', dataDir], await freePort());
    const url = socketUrl(hub.url, cutoverId);
    sockets.push(await joined(url, tokens.lead!, 'Bench Lead'));
    for (let i = 1; i < o.clients; i++) sockets.push(await joined(url, tokens.observer!, `Bench Watcher ${i}`));
    console.log(`file journal: 1 hub, ${o.clients} clients`);
    return await drive([sockets[0]!], sockets, o, 'file');
  } finally {
    for (const s of sockets) s.terminate();
    hub?.proc.kill('SIGTERM');
    await sleep(300);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function postgresRun(o: MultiHubOptions): Promise<Run> {
  const db = benchSchema(o.db ?? DEFAULT_DB);
  const hubs: HubProcess[] = [];
  const sockets: WebSocket[] = [];
  try {
    const { cutoverId, tokens } = await plantNight({ store: db.url });
    for (let i = 0; i < o.hubs; i++) hubs.push(await spawnCliHub(['--store', db.url], await freePort()));
    const urls = hubs.map((h) => socketUrl(h.url, cutoverId));
    const leads: WebSocket[] = [];
    for (let i = 0; i < o.hubs; i++) leads.push(await joined(urls[i]!, tokens.lead!, `Bench Lead ${i}`));
    sockets.push(...leads);
    for (let i = o.hubs; i < o.clients; i++) sockets.push(await joined(urls[i % o.hubs]!, tokens.observer!, `Bench Watcher ${i}`));
    console.log(`postgres: ${o.hubs} hubs, ${o.clients} clients spread over them, one lead per hub`);
    return await drive(leads, sockets, o, 'pg');
  } finally {
    for (const s of sockets) s.terminate();
    for (const h of hubs) h.proc.kill('SIGTERM');
    await sleep(500);
    await db.drop().catch(() => undefined);
  }
}

export async function runMultiHub(o: MultiHubOptions): Promise<void> {
  console.log(`sync bench (store=postgres): ${o.clients} clients, ${o.rate} commands/s, ${o.warmupS} s warm-up + ${o.seconds} s timed`);
  const file = await fileRun(o);
  console.log(`  file: ${file.done}/${file.sent} timed commands reached every client, p50 ${fmt(file.p50)} ms, p99 ${fmt(file.p99)} ms`);
  const pgRun = await postgresRun(o);
  console.log(`  postgres: ${pgRun.done}/${pgRun.sent} timed commands reached every client, p50 ${fmt(pgRun.p50)} ms, p99 ${fmt(pgRun.p99)} ms`);
  console.log(
    `clients=${o.clients} p50_ms=${fmt(pgRun.p50)} p99_ms=${fmt(pgRun.p99)} file_p50_ms=${fmt(file.p50)} file_p99_ms=${fmt(file.p99)} ` +
      `ratio_file_p99=${fmt(pgRun.p99 / file.p99)} store=postgres hubs=${o.hubs}`,
  );
}

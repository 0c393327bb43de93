/*
 * Sync benchmark: how long a command takes to reach every window, compared with a bare
 * WebSocket broadcast.
 *
 * What is measured: for each command, the time from the lead's `ws.send()` until the LAST of
 * N clients (default 50) has received the broadcast carrying that command's id; p50 and p99
 * over all commands of the timed run. Every timestamp is `performance.now()` in this one
 * process, so no clocks are compared across processes.
 *
 * How:
 *  - The servers run in their own Node processes (bench/hubServer.ts, bench/wsServer.ts,
 *    bundled and started with plain `node`, the hub with `npm run hub`'s flags: bench/lib.ts
 *    startChild), so the hub does not share an event loop with the 50
 *    clients; on a 2-core machine that is one core for the server, one for the clients.
 *  - Hub: the real `startHub` with its durable file journal (fsync before broadcast) in a
 *    temp dir, one cutover with the test runbook. N raw `ws` sockets speak the protocol by
 *    hand (hello, wait for `synced`): client 0 holds the lead's invite and sends `note.add`
 *    commands, the others hold the observer's invite. Raw sockets, not HubClient, so that
 *    the figure is the hub's and not the client reducer's.
 *  - Baseline: a bare `ws` server (no journal, no auth, no parsing) that rebroadcasts every
 *    message it receives to all connected sockets. N sockets of the same kind connect to it;
 *    client 0 sends the very same command frames, which come back to all N as they are.
 *  - All get the same load: `--rate` (100) commands/s paced by a timer against absolute due
 *    times, `--warmup` (1) s not counted, then `--seconds` (10) s counted. Every receiver does
 *    the same work for every frame (JSON.parse, pick out the command id).
 *  - The three servers are up at once, each with its own N sockets, and take turns of one
 *    second (bare ws, bare ws+fsync, hub, bare ws, …; driveInTurns): one loaded at a time, and
 *    all of them under the same weather of a shared machine (a disk's stall, a neighbour's
 *    burst). `--sequential` drives each for its whole run, one server after the other, as
 *    this benchmark did before.
 *  - A second baseline, the same bare server appending each message to a file and making it
 *    durable as the journal does (one O_DSYNC write on Linux) before sending it on
 *    (bench/wsServer.ts --fsync-dir): what the disk alone adds.
 *  - ratio_p99 = hub p99 / bare-ws p99; ratio_fsync_p99 = hub p99 / bare-ws-with-fsync p99.
 *  - The hub runs with its stage clock on (electron/hub/stageTimes.ts): for every command of
 *    the timed run, when its frame arrived, was decided, written, fsync'd (on Linux the
 *    journal writes O_DSYNC, so written and fsync'd are one moment) and broadcast; the
 *    breakdown (p50/p99 per step) is printed before the last line, its p99s on it.
 *  - Then the slowest commands one by one (bench/tail.ts): each one's time from send to the
 *    last client, split into the wait before the hub read its frame, the hub's steps and the
 *    wait after its fan-out, with the garbage collector's pauses of either process that
 *    overlapped it. The p99 is made of such commands: this says which step made them slow.
 *
 * Flags: --seconds N --clients N --rate N --warmup N --sequential --cpu-prof DIR (profiles the server
 * processes into DIR, for finding where the hub's time goes); --slowest N (how many slowest
 * commands to break down, 10 unless given); --journal-dir DIR (where the hub's journal and the
 * fsync baseline's file are made, the OS temp dir unless given: /dev/shm, a RAM disk, takes
 * the disk out of both, leaving the hub's own work against the bare socket); --cutovers N: instead of the
 * above, one hub with N cutovers, --clients (20) sockets each and --rate (20) commands/s each
 * from each cutover's lead, no baselines; it prints p99 and the hub's RSS.
 *
 * Last line: clients=… p50_ms=… p99_ms=… ws_p99_ms=… ws_fsync_p99_ms=… ratio_p99=… ratio_fsync_p99=… stage_p99_ms=…
 * With --cutovers: cutovers=… clients=… rate=… p50_ms=… p99_ms=… rss_mb=… stage_p99_ms=…
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, socketUrl, type ServerMessage } from '@shared/protocol';
import type { HubServerInfo, StageBreakdown } from './hubServer';
import { benchTempDir, fmt, hubNodeFlags, percentile, positiveInt, rssMb, sleep, startChild, type ChildServer } from './lib';
import { breakdownFigure, describeBreakdown } from './stages';
import { tailReport, watchPauses, type HubTimeline, type Receipt } from './tail';
import type { WsServerInfo } from './wsServer';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    clients: { type: 'string' },
    rate: { type: 'string' },
    warmup: { type: 'string' },
    'cpu-prof': { type: 'string' },
    slowest: { type: 'string' },
    cutovers: { type: 'string' },
    'journal-dir': { type: 'string' },
    sequential: { type: 'boolean' },
    checks: { type: 'string' },
    // --store postgres [--hubs 3] [--db URL]: several hubs on one database, beside the file journal (bench/syncMultiHub.ts, #19).
    store: { type: 'string' },
    hubs: { type: 'string' },
    db: { type: 'string' },
  },
});
/** With --cutovers N: N cutovers on one hub, --clients and --rate per cutover (20 and 20 unless given). */
const CUTOVERS = values.cutovers === undefined ? 0 : Math.round(positiveInt(values.cutovers, 1, 'cutovers'));
const SECONDS = positiveInt(values.seconds, 10, 'seconds');
const CLIENTS = Math.round(positiveInt(values.clients, CUTOVERS ? 20 : 50, 'clients'));
const RATE = positiveInt(values.rate, CUTOVERS ? 20 : 100, 'rate');
/** Where the journals are made: a RAM disk here measures the hub without the disk's waits. */
const JOURNAL_DIR = values['journal-dir'];
const WARMUP_S = values.warmup === '0' ? 0 : positiveInt(values.warmup, 1, 'warmup');
const PROFILE_DIR = values['cpu-prof'] ? resolve(values['cpu-prof']) : null;
/** --slowest N: how many of the hub's slowest commands to break down (bench/tail.ts); 10 is the p99 of 1,000. */
const SLOWEST = Math.round(positiveInt(values.slowest, 10, 'slowest'));
const DRAIN_MS = 5_000;
/** --sequential: each server driven on its own, one after the other, as before the turns (driveInTurns). */
const SEQUENTIAL = values.sequential === true;
/** --checks N: N checks (bench/checks.ts) run every 10 s in the hub while the commands are timed. */
const CHECKS = values.checks === undefined ? 0 : Math.round(positiveInt(values.checks, 0, 'checks'));

type Phase = 'warmup' | 'timed';
type Pending = { t0: number; seen: number; first: number; phase: Phase; second: number };

/** Follows each command from send until all receivers have it. */
class Tracker {
  readonly last: number[] = [];
  readonly first: number[] = [];
  /** Latencies (to the last receiver) per second of the timed run, for progress lines. */
  readonly perSecond: number[][] = [];
  /** Each timed command's moments on the system clock, for the breakdown of the slowest (bench/tail.ts). */
  readonly receipts = new Map<string, Receipt>();
  private pending = new Map<string, Pending>();

  constructor(private readonly receivers: number) {}

  sent(id: string, phase: Phase, second: number): void {
    this.pending.set(id, { t0: performance.now(), seen: 0, first: 0, phase, second });
  }

  received(id: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    const now = performance.now();
    if (p.seen++ === 0) p.first = now - p.t0;
    if (p.seen < this.receivers) return;
    this.pending.delete(id);
    if (p.phase !== 'timed') return;
    const latency = now - p.t0;
    const origin = performance.timeOrigin;
    this.receipts.set(id, { sent: origin + p.t0, last: origin + now });
    this.last.push(latency);
    this.first.push(p.first);
    (this.perSecond[p.second] ??= []).push(latency);
  }

  get outstanding(): number {
    return this.pending.size;
  }
}

/** The one handler every receiver runs on every frame, for the hub and the baseline alike. */
function onFrame(tracker: Tracker, data: WebSocket.RawData): void {
  const msg = JSON.parse(data.toString()) as ServerMessage | { t: 'command'; id: string };
  if (msg.t === 'events') {
    for (const e of msg.events) if (e.commandId) tracker.received(e.commandId);
  } else if (msg.t === 'command') {
    tracker.received(msg.id);
  }
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('close', (code, reason) => reject(new Error(`closed before open: ${code} ${reason.toString()}`)));
  });
}

/** A raw socket that has said hello to the hub and been caught up (`synced`). */
async function hubSocket(info: HubServerInfo, token: string, name: string): Promise<WebSocket> {
  const ws = new WebSocket(socketUrl(info.url, info.cutoverId), [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
  await opened(ws);
  await new Promise<void>((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as ServerMessage;
      if (msg.t === 'synced') {
        ws.off('message', onMessage);
        resolve();
      } else if (msg.t === 'error') reject(new Error(`hub refused hello: ${msg.reason}`));
    };
    ws.on('message', onMessage);
    ws.once('close', (code, reason) => reject(new Error(`hub closed the socket: ${code} ${reason.toString()}`)));
    ws.send(JSON.stringify({ t: 'hello', protocol: 1, name, since: 0 }));
  });
  ws.removeAllListeners('close');
  return ws;
}

async function bareSocket(info: WsServerInfo): Promise<WebSocket> {
  const ws = new WebSocket(info.url);
  await opened(ws);
  ws.removeAllListeners('close');
  return ws;
}

const commandFrame = (id: string, i: number): string =>
  JSON.stringify({
    t: 'command',
    id,
    type: 'note.add',
    payload: { text: `Replication lag on db-${i % 7} is ${i % 40} s; holding the switch until it drains (check #${i})`, severity: 'info' },
  });

type Result = { last: number[]; first: number[]; sent: number; lost: number; lateSends: number; receipts: ReadonlyMap<string, Receipt> };

/** Sends `rate` commands/s from sockets[0] and follows each to all sockets. */
async function drive(label: string, sockets: WebSocket[], onTimed?: () => void): Promise<Result> {
  const tracker = new Tracker(sockets.length);
  for (const ws of sockets) ws.on('message', (data) => onFrame(tracker, data));
  const lead = sockets[0]!;
  const interval = 1000 / RATE;
  const warmupCount = Math.round(WARMUP_S * RATE);
  const timedCount = Math.round(SECONDS * RATE);
  const total = warmupCount + timedCount;
  let lateSends = 0;
  const start = performance.now();
  let reported = 0;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else {
      if (wait < -interval) lateSends++;
      await new Promise<void>((r) => setImmediate(r));
    }
    const timed = i >= warmupCount;
    if (i === warmupCount) onTimed?.();
    const second = Math.floor((i - warmupCount) / RATE);
    const id = `${label}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    tracker.sent(id, timed ? 'timed' : 'warmup', second);
    lead.send(commandFrame(id, i));
    // One progress line per completed second (looking at the second before, which has drained).
    if (timed && second >= 2 && second - 2 >= reported) {
      const s = [...(tracker.perSecond[reported] ?? [])].sort((a, b) => a - b);
      console.log(`  ${label} second ${reported + 1}: ${s.length} done, p50 ${fmt(percentile(s, 50))} ms, max ${fmt(s[s.length - 1] ?? Number.NaN)} ms`);
      reported++;
    }
  }
  const drainUntil = performance.now() + DRAIN_MS;
  while (tracker.outstanding > 0 && performance.now() < drainUntil) await sleep(10);
  for (const ws of sockets) ws.removeAllListeners('message');
  return { last: tracker.last, first: tracker.first, sent: timedCount, lost: timedCount - tracker.last.length, lateSends, receipts: tracker.receipts };
}

/** One server's share of a run in turns: its sockets, and what to do as its first timed turn starts. */
type Turntaker = { name: string; sockets: WebSocket[]; onTimed?: () => void };

/**
 * The servers take turns of one second each, round-robin (bare ws, bare ws+fsync, hub, bare
 * ws, …): in its turn a server gets --rate commands from its first socket, paced as drive()
 * paces them, and the next turn starts once every one of them has reached all of its sockets
 * (or DRAIN_MS passed), so no two servers are ever loaded at once. --warmup turns each first,
 * not counted, then --seconds turns each. Driven one after the other, each server met the
 * machine as it was during its own 11 s: the bare socket's p99 read 2.5 to 3.8 ms from one
 * run to the next, the ratio swinging with it. In turns, all of them meet the same machine.
 */
async function driveInTurns(servers: Turntaker[]): Promise<Result[]> {
  const trackers = servers.map((s) => new Tracker(s.sockets.length));
  servers.forEach((s, n) => {
    for (const ws of s.sockets) ws.on('message', (data) => onFrame(trackers[n]!, data));
  });
  const perTurn = Math.max(1, Math.round(RATE));
  const interval = 1000 / perTurn;
  const warmupRounds = Math.round(WARMUP_S);
  const rounds = warmupRounds + Math.max(1, Math.round(SECONDS));
  const lateSends = servers.map(() => 0);
  for (let turn = 0; turn < rounds * servers.length; turn++) {
    const n = turn % servers.length;
    const server = servers[n]!;
    const round = Math.floor(turn / servers.length);
    const timed = round >= warmupRounds;
    if (round === warmupRounds) server.onTimed?.();
    const start = performance.now();
    for (let i = 0; i < perTurn; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      else {
        if (wait < -interval) lateSends[n]!++;
        await new Promise<void>((r) => setImmediate(r)); // behind: still let the receivers read
      }
      const id = `${server.name}-${turn}-${i}-${Math.random().toString(36).slice(2, 8)}`;
      trackers[n]!.sent(id, timed ? 'timed' : 'warmup', round - warmupRounds);
      server.sockets[0]!.send(commandFrame(id, turn * perTurn + i));
    }
    const drainUntil = performance.now() + DRAIN_MS;
    while (trackers[n]!.outstanding > 0 && performance.now() < drainUntil) await sleep(1);
    if (timed) {
      const done = [...(trackers[n]!.perSecond[round - warmupRounds] ?? [])].sort((a, b) => a - b);
      console.log(
        `  turn ${round - warmupRounds + 1} ${server.name}: ${done.length} done, p50 ${fmt(percentile(done, 50))} ms, max ${fmt(done[done.length - 1] ?? Number.NaN)} ms`,
      );
    }
  }
  for (const s of servers) for (const ws of s.sockets) ws.removeAllListeners('message');
  const timedCount = (rounds - warmupRounds) * perTurn;
  return trackers.map((t, n) => ({
    last: t.last,
    first: t.first,
    sent: timedCount,
    lost: timedCount - t.last.length,
    lateSends: lateSends[n]!,
    receipts: t.receipts,
  }));
}

function summarise(label: string, r: Result): { p50: number; p99: number } {
  const last = [...r.last].sort((a, b) => a - b);
  const first = [...r.first].sort((a, b) => a - b);
  // First receiver ≈ the server's own pipeline; last minus first ≈ the fan-out to N sockets.
  const spread = r.last.map((l, i) => l - r.first[i]!).sort((a, b) => a - b);
  const mean = last.reduce((a, b) => a + b, 0) / Math.max(1, last.length);
  console.log(
    `${label}: ${r.sent} commands, ${r.lost} not seen by all clients, ${r.lateSends} sent >1 interval late | ` +
      `to last client p50 ${fmt(percentile(last, 50))} p90 ${fmt(percentile(last, 90))} p99 ${fmt(percentile(last, 99))} max ${fmt(last[last.length - 1] ?? Number.NaN)} mean ${fmt(mean)} ms | ` +
      `to first client p50 ${fmt(percentile(first, 50))} p99 ${fmt(percentile(first, 99))} ms | ` +
      `first-to-last spread p50 ${fmt(percentile(spread, 50))} p99 ${fmt(percentile(spread, 99))} ms`,
  );
  return { p50: percentile(last, 50), p99: percentile(last, 99) };
}

// One folder per server.
const profileArgs = (name: string): string[] => (PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE_DIR, name)}`] : []);

async function withChild<T, R>(script: string, args: string[], name: string, body: (child: ChildServer<T>) => Promise<R>): Promise<R> {
  const child = await startChild<T>(script, args, [...(script === 'hubServer.ts' ? hubNodeFlags() : []), ...profileArgs(name)]);
  try {
    return await body(child);
  } finally {
    await child.stop();
  }
}

function closeAll(sockets: WebSocket[]): void {
  for (const ws of sockets) ws.terminate();
}

/** The bench's own garbage-collector pauses, which delay sends and receipts as the hub's delay commands. */
const ownPauses = watchPauses();

async function main(): Promise<void> {
  if (CUTOVERS) return manyCutovers();
  if (values.store === 'postgres') {
    const { runMultiHub } = await import('./syncMultiHub');
    const hubs = Math.round(positiveInt(values.hubs, 3, 'hubs'));
    return runMultiHub({ clients: CLIENTS, rate: RATE, seconds: SECONDS, warmupS: WARMUP_S, hubs, ...(values.db ? { db: values.db } : {}) });
  }
  console.log(
    `sync bench: ${CLIENTS} clients, ${RATE} commands/s, ${WARMUP_S} s warm-up + ${SECONDS} s timed, servers in child processes, ${SEQUENTIAL ? 'one after the other' : 'in turns'}`,
  );
  if (!SEQUENTIAL) return inTurns();

  // Baseline first: the bare ws broadcast server.
  const ws = await bareWs([], 'bare ws', 'ws');
  // The same, appending and fdatasyncing each message before sending it on: the disk's share.
  const fsyncDir = await benchTempDir('warroom-bench-sync-fsync-', JOURNAL_DIR);
  const wsFsync = await bareWs(['--fsync-dir', fsyncDir], 'bare ws+fsync', 'ws-fsync').finally(() => rm(fsyncDir, { recursive: true, force: true }));

  // Then the hub, with its durable journal in a temp dir we own.
  const dataDir = await benchTempDir('warroom-bench-sync-', JOURNAL_DIR);
  let hub: { p50: number; p99: number };
  let stages: StageBreakdown | null = null;
  try {
    hub = await withChild<HubServerInfo, { p50: number; p99: number }>('hubServer.ts', hubArgs(dataDir), 'hub', async ({ info, pid, ask }) => {
      console.log(`hub up (pid ${pid}) at ${info.url}, cutover ${info.cutoverId}, journal in ${dataDir}`);
      const sockets: WebSocket[] = [];
      try {
        sockets.push(...(await joinHub(info)));
        const driven = await drive('hub', sockets, () => {
          void ask('stages:reset');
          ownPauses.clear();
        });
        const result = summarise('hub', driven);
        stages = await ask<StageBreakdown>('stages:report');
        console.log(describeBreakdown(stages));
        const timeline = await ask<HubTimeline>('stages:commands');
        for (const line of tailReport(driven.receipts, timeline, ownPauses.list(), performance.timeOrigin, SLOWEST)) console.log(line);
        return result;
      } finally {
        closeAll(sockets);
      }
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  if (PROFILE_DIR) console.log(`CPU profiles of the server processes are in ${PROFILE_DIR}`);

  printFigures(hub, ws, wsFsync, stages);
}

type Figures = { p50: number; p99: number };

/** The last line, the same whichever way the servers were driven. */
function printFigures(hub: Figures, ws: Figures, wsFsync: Figures, stages: StageBreakdown | null): void {
  console.log(
    `${CHECKS ? `checks=${CHECKS} ` : ''}clients=${CLIENTS} p50_ms=${fmt(hub.p50)} p99_ms=${fmt(hub.p99)} ws_p99_ms=${fmt(ws.p99)} ws_fsync_p99_ms=${fmt(wsFsync.p99)} ` +
      `ratio_p99=${fmt(hub.p99 / ws.p99)} ratio_fsync_p99=${fmt(hub.p99 / wsFsync.p99)}` +
      (stages ? ` stage_p99_ms=${breakdownFigure(stages)}` : ''),
  );
}

const hubArgs = (dataDir: string): string[] => ['--data-dir', dataDir, '--stages', ...(CHECKS ? ['--checks', String(CHECKS)] : [])];

/** The hub's sockets: the lead's first (it sends the commands), then observers. */
async function joinHub(info: HubServerInfo): Promise<WebSocket[]> {
  const sockets = [await hubSocket(info, info.tokens.lead, 'Bench Lead')];
  for (let i = 1; i < CLIENTS; i++) sockets.push(await hubSocket(info, info.tokens.observer, `Bench Watcher ${i}`));
  console.log(`${CLIENTS} clients joined the hub (1 lead, ${CLIENTS - 1} observers)`);
  return sockets;
}

async function connectBare(info: WsServerInfo, label: string): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < CLIENTS; i++) sockets.push(await bareSocket(info));
  console.log(`${CLIENTS} clients connected to ${label}`);
  return sockets;
}

/** The default: the hub and both baselines up at once, --clients sockets each, driven in turns (driveInTurns). */
async function inTurns(): Promise<void> {
  const fsyncDir = await benchTempDir('warroom-bench-sync-fsync-', JOURNAL_DIR);
  const dataDir = await benchTempDir('warroom-bench-sync-', JOURNAL_DIR);
  try {
    await withChild<WsServerInfo, void>('wsServer.ts', [], 'ws', (ws) =>
      withChild<WsServerInfo, void>('wsServer.ts', ['--fsync-dir', fsyncDir], 'ws-fsync', (wsFsync) =>
        withChild<HubServerInfo, void>('hubServer.ts', hubArgs(dataDir), 'hub', async (hub) => {
          console.log(
            `bare ws (pid ${ws.pid}), bare ws+fsync (pid ${wsFsync.pid}) and hub (pid ${hub.pid}, cutover ${hub.info.cutoverId}, journal in ${dataDir}) up`,
          );
          const groups: WebSocket[][] = [];
          try {
            groups.push(await connectBare(ws.info, 'bare ws'), await connectBare(wsFsync.info, 'bare ws+fsync'), await joinHub(hub.info));
            const [bare, bareFsync, hubRun] = await driveInTurns([
              { name: 'ws', sockets: groups[0]! },
              { name: 'ws-fsync', sockets: groups[1]! },
              {
                name: 'hub',
                sockets: groups[2]!,
                onTimed: () => {
                  void hub.ask('stages:reset');
                  ownPauses.clear();
                },
              },
            ]);
            const wsFigures = summarise('bare ws', bare!);
            const fsyncFigures = summarise('bare ws+fsync', bareFsync!);
            const hubFigures = summarise('hub', hubRun!);
            const stages = await hub.ask<StageBreakdown>('stages:report');
            console.log(describeBreakdown(stages));
            const timeline = await hub.ask<HubTimeline>('stages:commands');
            for (const line of tailReport(hubRun!.receipts, timeline, ownPauses.list(), performance.timeOrigin, SLOWEST)) console.log(line);
            if (PROFILE_DIR) console.log(`CPU profiles of the server processes are in ${PROFILE_DIR}`);
            printFigures(hubFigures, wsFigures, fsyncFigures, stages);
          } finally {
            for (const g of groups) closeAll(g);
          }
        }),
      ),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await rm(fsyncDir, { recursive: true, force: true });
  }
}

/** The baseline: the bare ws broadcast server (with `args`), driven like the hub. */
function bareWs(args: string[], label: string, name: string): Promise<{ p50: number; p99: number }> {
  return withChild<WsServerInfo, { p50: number; p99: number }>('wsServer.ts', args, name, async ({ info, pid }) => {
    console.log(`${label} server up (pid ${pid}) at ${info.url}`);
    const sockets: WebSocket[] = [];
    try {
      sockets.push(...(await connectBare(info, label)));
      return summarise(label, await drive(name, sockets));
    } finally {
      closeAll(sockets);
    }
  });
}

/**
 * --cutovers N: one hub serving N nights at once. Each cutover has --clients sockets (its lead
 * and observers) and gets --rate commands/s from its lead, the sends interleaved round-robin
 * over the cutovers on one clock; a command's latency is to the last socket of its own
 * cutover. Prints p50/p99 over all of them and the hub's RSS after the run.
 */
async function manyCutovers(): Promise<void> {
  console.log(
    `sync bench, many cutovers: ${CUTOVERS} cutovers × ${CLIENTS} clients, ${RATE} commands/s each (${CUTOVERS * RATE}/s in all), ${WARMUP_S} s warm-up + ${SECONDS} s timed`,
  );
  const dataDir = await benchTempDir('warroom-bench-sync-many-', JOURNAL_DIR);
  try {
    await withChild<HubServerInfo, void>(
      'hubServer.ts',
      ['--data-dir', dataDir, '--cutovers', String(CUTOVERS), '--stages'],
      'hub',
      async ({ info, pid, ask }) => {
        console.log(`hub up (pid ${pid}) at ${info.url} with ${info.cutovers.length} cutovers, journals in ${dataDir}`);
        const groups: WebSocket[][] = [];
        try {
          for (const [n, c] of info.cutovers.entries()) {
            const at = { ...info, ...c };
            const group = [await hubSocket(at, c.tokens.lead, 'Bench Lead')];
            for (let i = 1; i < CLIENTS; i++) group.push(await hubSocket(at, c.tokens.observer, `Bench Watcher ${i}`));
            groups.push(group);
            if ((n + 1) % 5 === 0) console.log(`  ${n + 1} cutovers joined`);
          }
          const rssBefore = await rssMb(pid);
          const r = await driveGroups(groups, () => {
            void ask('stages:reset');
            ownPauses.clear();
          });
          const stages = await ask<StageBreakdown>('stages:report');
          const timeline = await ask<HubTimeline>('stages:commands');
          const rss = await rssMb(pid);
          const last = [...r.last].sort((a, b) => a - b);
          console.log(
            `hub: ${r.sent} commands, ${r.lost} not seen by all of their cutover's clients, ${r.lateSends} sent >1 interval late | ` +
              `to last client p50 ${fmt(percentile(last, 50))} p90 ${fmt(percentile(last, 90))} p99 ${fmt(percentile(last, 99))} max ${fmt(last[last.length - 1] ?? Number.NaN)} ms | RSS ${fmt(rssBefore, 1)} MB before, ${fmt(rss, 1)} MB after`,
          );
          console.log(describeBreakdown(stages));
          for (const line of tailReport(r.receipts, timeline, ownPauses.list(), performance.timeOrigin, SLOWEST)) console.log(line);
          console.log(
            `cutovers=${CUTOVERS} clients=${CLIENTS} rate=${RATE} p50_ms=${fmt(percentile(last, 50))} p99_ms=${fmt(percentile(last, 99))} rss_mb=${fmt(rss, 1)} stage_p99_ms=${breakdownFigure(stages)}`,
          );
        } finally {
          for (const g of groups) closeAll(g);
        }
      },
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Like drive(), over several groups: each group's first socket sends --rate commands/s, followed to every socket of its group. */
async function driveGroups(groups: WebSocket[][], onTimed: () => void): Promise<Result> {
  const trackers = groups.map((g) => new Tracker(g.length));
  groups.forEach((g, n) => {
    for (const ws of g) ws.on('message', (data) => onFrame(trackers[n]!, data));
  });
  const interval = 1000 / (RATE * groups.length);
  const warmupCount = Math.round(WARMUP_S * RATE) * groups.length;
  const timedCount = Math.round(SECONDS * RATE) * groups.length;
  let lateSends = 0;
  const start = performance.now();
  for (let i = 0; i < warmupCount + timedCount; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    else {
      if (wait < -interval) lateSends++;
      await new Promise<void>((r) => setImmediate(r)); // behind: still let the receivers read
    }
    if (i === warmupCount) onTimed();
    const n = i % groups.length;
    const id = `many-${n}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    trackers[n]!.sent(id, i >= warmupCount ? 'timed' : 'warmup', 0);
    groups[n]![0]!.send(commandFrame(id, i));
  }
  const drainUntil = performance.now() + DRAIN_MS;
  while (trackers.some((t) => t.outstanding > 0) && performance.now() < drainUntil) await sleep(10);
  for (const g of groups) for (const ws of g) ws.removeAllListeners('message');
  const last = trackers.flatMap((t) => t.last);
  return {
    last,
    first: trackers.flatMap((t) => t.first),
    sent: timedCount,
    lost: timedCount - last.length,
    lateSends,
    receipts: new Map(trackers.flatMap((t) => [...t.receipts])),
  };
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`sync bench failed: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);

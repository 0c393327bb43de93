import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { foldEvents, type CutoverEvent } from '@shared/cutover';
import { socketUrl } from '@shared/protocol';
import { startHub } from '../../../electron/hub/hub';
import { nodeClient, SMALL_RUNBOOK, tempDir, until, WINDOW_START } from '../../support/hubHarness';
import { startFakeSlack } from '../../support/fakeSlack';
import { freePort, requireService } from '../../support/services';
import { spawnHub } from '../../support/spawnHub';
import { freshSchema } from '../store/pgSchema';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/*
 * Real hub processes (npm run hub -- --store postgres://…) on one database, the lease holder
 * killed with SIGKILL under load: clients move on, the night loses and doubles nothing, and
 * another hub takes the side effects over.
 */
const procs: ChildProcess[] = [];
const clients: HubClient[] = [];
let drop: (() => Promise<void>) | null = null;

afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
  await drop?.();
  drop = null;
});

type Health = { leads: string[]; peers: string[]; store: string };
const health = async (url: string): Promise<Health | null> => {
  try {
    return (await (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).json()) as Health;
  } catch {
    return null;
  }
};

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sharedNight() {
  const db = freshSchema('wr_fo');
  drop = db.drop;
  const setup = await startHub({ dataDir: await tempDir(), store: db.url, port: 0, log: () => undefined });
  const { cutoverId, invites } = await setup.createCutover({
    title: 'Failover night',
    window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  await setup.close();
  const hubs = await Promise.all([0, 1, 2].map(async () => spawnHub(await tempDir(), ['--store', db.url])));
  procs.push(...hubs.map((h) => h.proc));
  const token = invites.find((i) => i.invite.role === 'lead')!.token;
  return { db, cutoverId, token, hubs };
}

describe.skipIf(!pgUp)('hub processes on one database, the lease holder killed', () => {
  it('moves the killed hub’s clients on, loses and doubles nothing, and fires a deadline that fell in the takeover once', async () => {
    const { db, cutoverId, token, hubs } = await sharedNight();
    const urls = hubs.map((h) => h.url);
    const leader = await eventually(
      async () => (await Promise.all(urls.map(health))).findIndex((h) => h?.leads.includes(cutoverId)),
      (i) => i >= 0,
      'a hub to lead',
      15_000,
    );
    // Two clients per hub, each knowing all three (its own first).
    for (let i = 0; i < 6; i++) {
      const order = [...urls.slice(i % 3), ...urls.slice(0, i % 3)].map((u) => socketUrl(u, cutoverId));
      const c = nodeClient(urls[i % 3]!, cutoverId, token, `person-${i}`, { urls: order });
      clients.push(c);
      c.start();
    }
    for (const c of clients) await until(c, (x) => x.status === 'live', 10_000, 'live');
    const onLeader = clients.filter((_, i) => i % 3 === leader);

    // The poll first, while the night is quiet: under the load below three hubs contend for each
    // seq, and a command could take longer to be decided than its deadline is away (refused as
    // past, once, in a whole suite on a loaded machine). Its deadline falls some 600 ms after
    // the kill, in the takeover.
    await clients[0]!.send('poll.open', { question: 'Still go?', stations: ['role:approver'], deadline: Date.now() + 800 }).done;
    const acked = new Set<string>();
    let sending = true;
    const load = clients.map(async (c, i) => {
      for (let k = 0; sending; k++) {
        const { id, done } = c.send('note.add', { text: `c${i} n${k}`, severity: 'info' });
        void done.then(() => acked.add(id)).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 25));
      }
    });
    // Commands in flight on every hub as the leader dies.
    await new Promise((r) => setTimeout(r, 150));
    const killedAt = Date.now();
    hubs[leader]!.proc.kill('SIGKILL');

    // Its clients are on another hub, and another hub leads.
    for (const c of onLeader) await until(c, (x) => x.status === 'live' && !x.hub.startsWith(socketUrl(urls[leader]!, '').slice(0, -4)), 5_000, 'moved on');
    for (const c of onLeader) expect(c.movedAt).not.toBeNull();
    const survivors = urls.filter((_, i) => i !== leader);
    await eventually(
      async () => (await Promise.all(survivors.map(health))).filter((h) => h?.leads.includes(cutoverId)).length,
      (n) => n === 1,
      'a takeover',
      15_000,
    );
    const tookOverMs = Date.now() - killedAt;
    expect(tookOverMs).toBeLessThan(15_000);

    for (const c of clients) await until(c, (x) => Object.values(x.state.polls).some((p) => p.rounds[0]!.closeReason === 'deadline'), 15_000, 'the deadline');
    await new Promise((r) => setTimeout(r, 500));
    sending = false;
    await Promise.all(load);
    for (const c of clients) await until(c, (x) => x.pending.length === 0, 10_000, 'every command answered');

    const rows = await db.query<{ seq: string; event: string }>('SELECT seq, event FROM warroom_events ORDER BY seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    const events = rows.map((r) => JSON.parse(r.event) as CutoverEvent);
    const byCommand = new Map<string, number>();
    for (const e of events) if (e.type === 'note.added' && e.commandId) byCommand.set(e.commandId, (byCommand.get(e.commandId) ?? 0) + 1);
    for (const id of acked) expect(byCommand.get(id), `acked command ${id}`).toBe(1);
    expect([...byCommand.values()].every((n) => n === 1)).toBe(true);
    expect(events.filter((e) => e.type === 'poll.closed')).toHaveLength(1);
    const last = rows.length;
    const fold = foldEvents(events);
    for (const c of clients) {
      await until(c, (x) => x.state.seq === last, 10_000, `seq ${last}`);
      expect(c.state).toEqual(fold);
    }
  });

  it(
    'rides out ten kills of a hub under load: clients on another hub within 5 s, every acked command once, each Slack message posted once',
    { timeout: 180_000 },
    async () => {
      const slack = await startFakeSlack();
      try {
        const db = freshSchema('wr_fo');
        drop = db.drop;
        const setup = await startHub({ dataDir: await tempDir(), store: db.url, port: 0, log: () => undefined });
        const { cutoverId, invites } = await setup.createCutover({
          title: 'Ten kills',
          window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
          isRehearsal: false,
          runbook: SMALL_RUNBOOK,
        });
        await setup.close();
        const token = invites.find((i) => i.invite.role === 'lead')!.token;
        const ports = [await freePort(), await freePort(), await freePort()];
        const env = { WARROOM_SECRET_SLACK_TOKEN: slack.token };
        const start = async (i: number) => {
          const h = await spawnHub(await tempDir(), ['--store', db.url, '--slack-api-url', slack.url, '--port', String(ports[i])], env);
          procs.push(h.proc);
          return h;
        };
        const hubs = [await start(0), await start(1), await start(2)];
        const urls = hubs.map((h) => socketUrl(h.url, cutoverId));
        for (let i = 0; i < 20; i++) {
          const c = nodeClient(hubs[i % 3]!.url, cutoverId, token, `person-${i}`, { urls: [...urls.slice(i % 3), ...urls.slice(0, i % 3)] });
          clients.push(c);
          c.start();
        }
        for (const c of clients) await until(c, (x) => x.status === 'live', 15_000, 'live');
        await clients[0]!.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false } } }).done;

        // 20 clients × 15 commands/s: 300 commands/s over the three hubs.
        const acked = new Set<string>();
        let sending = true;
        const load = clients.map(async (c, i) => {
          await new Promise((r) => setTimeout(r, i * 3));
          for (let k = 0; sending; k++) {
            const { id, done } = c.send('note.add', { text: `c${i} n${k}`, severity: 'info' });
            void done.then(() => acked.add(id)).catch(() => undefined);
            await new Promise((r) => setTimeout(r, 66));
          }
        });
        const healthOf = async (i: number) => (hubs[i]!.proc.exitCode === null && hubs[i]!.proc.signalCode === null ? health(hubs[i]!.url) : null);
        const leaderNow = async () => (await Promise.all([0, 1, 2].map(healthOf))).findIndex((h) => h?.leads.includes(cutoverId));
        const texts: string[] = [];
        for (let k = 0; k < 10; k++) {
          const leader = await eventually(leaderNow, (i) => i >= 0, 'a hub to lead', 15_000);
          const carrying = [0, 1, 2].filter((i) => clients.some((c) => c.hub === urls[i]));
          const victim = k % 2 === 0 ? leader : carrying[k % carrying.length]!;
          // A message and a deadline in flight as the hub dies.
          const text = `update ${k}`;
          texts.push(text);
          const sender = clients[k]!;
          void sender.send('message.send', { text, bannerText: '', state: 'in_progress', destinations: ['slack'] }).done.catch(() => undefined);
          // Its deadline 1.5 s on: a command decided amid the kills can take longer than 0.5 s (the
          // test above was refused as past so, once), and 1.5 s still fall during the kills.
          if (k === 4) await sender.send('poll.open', { question: 'Still go?', stations: ['role:approver'], deadline: Date.now() + 1_500 }).done;
          const on = clients.filter((c) => c.hub === urls[victim]);
          hubs[victim]!.proc.kill('SIGKILL');
          await Promise.all(on.map((c) => until(c, (x) => x.status === 'live' && x.hub !== urls[victim], 5_000, `client moved after kill ${k + 1}`)));
          hubs[victim] = await start(victim);
        }
        sending = false;
        await Promise.all(load);
        for (const c of clients) await until(c, (x) => x.pending.length === 0, 20_000, 'every command answered');
        // The deadline fell during the kills; whichever hub leads last closes it if no leader before it
        // could (each takes the lease anew, catches up, then ticks): once, as counted below.
        await until(clients[0]!, (x) => Object.values(x.state.polls).some((p) => p.rounds[0]!.closeReason === 'deadline'), 20_000, 'the deadline');

        const rows = await db.query<{ seq: string; event: string }>('SELECT seq, event FROM warroom_events ORDER BY seq');
        expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
        const events = rows.map((r) => JSON.parse(r.event) as CutoverEvent);
        const byCommand = new Map<string, number>();
        for (const e of events) if (e.type === 'note.added' && e.commandId) byCommand.set(e.commandId, (byCommand.get(e.commandId) ?? 0) + 1);
        expect(acked.size).toBeGreaterThan(1000);
        for (const id of acked) expect(byCommand.get(id), `acked command ${id}`).toBe(1);
        expect([...byCommand.values()].every((n) => n === 1)).toBe(true);
        expect(events.filter((e) => e.type === 'poll.closed')).toHaveLength(1);
        // The outbox, whichever hub ran it when: each message posted once.
        const observer = clients[19]!;
        await until(
          observer,
          (c) => c.state.messageOrder.length === 10 && c.state.messageOrder.every((id) => c.state.messages[id]?.deliveries.slack?.status === 'sent'),
          30_000,
          'every message sent',
        );
        expect(texts.map((t) => slack.messages.filter((m) => m.text === t).length)).toEqual(texts.map(() => 1));
        const last = (await db.query<{ n: string }>('SELECT count(*) AS n FROM warroom_events'))[0]!.n;
        const fold = foldEvents(
          (await db.query<{ event: string }>('SELECT event FROM warroom_events ORDER BY seq')).map((r) => JSON.parse(r.event) as CutoverEvent),
        );
        for (const c of clients) {
          await until(c, (x) => x.state.seq === Number(last), 10_000, `seq ${last}`);
          expect(c.state).toEqual(fold);
        }
      } finally {
        await slack.close();
      }
    },
  );

  it('resumes a polled series on the hub that takes over', async () => {
    const { db, cutoverId, token, hubs } = await sharedNight();
    const urls = hubs.map((h) => h.url);
    const c = nodeClient(urls[0]!, cutoverId, token, 'Ana', { urls: urls.map((u) => socketUrl(u, cutoverId)) });
    clients.push(c);
    c.start();
    await until(c, (x) => x.status === 'live', 10_000, 'live');
    const source = { kind: 'simulated' as const, stopStep: 'a', restartStep: 'b', inflowPerSec: 1000, drainPerSec: 0, noise: 0 };
    await c.send('series.define', { series: { id: 'backlog', name: 'Backlog', intervalSec: 1, source } }).done;
    const leader = await eventually(
      async () => (await Promise.all(urls.map(health))).findIndex((h) => h?.leads.includes(cutoverId)),
      (i) => i >= 0,
      'a hub to lead',
      15_000,
    );
    const samples = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM warroom_sample_batches'))[0]!.n);
    await eventually(samples, (n) => n > 0, 'samples', 10_000);
    hubs[leader]!.proc.kill('SIGKILL');
    const killedAt = Date.now();
    const latest = async () => {
      const rows = await db.query<{ batch: string }>('SELECT batch FROM warroom_sample_batches ORDER BY id DESC LIMIT 1');
      const b = JSON.parse(rows[0]!.batch) as { t: number[] };
      return b.t[b.t.length - 1]!;
    };
    // Readings taken after the kill: another hub polls the series now.
    const t = await eventually(latest, (at) => at > killedAt + 1000, 'readings after the takeover', 15_000);
    expect(t).toBeGreaterThan(killedAt);
  });
});

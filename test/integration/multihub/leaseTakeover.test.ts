import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { HubClient } from '@shared/client';
import type { CutoverEvent } from '@shared/cutover';
import { startHub, type Hub, type HubOptions } from '../../../electron/hub/hub';
import { Outbox } from '../../../electron/hub/comms/outbox';
import { leaseKeyFor } from '../../../electron/hub/store/postgres/schemaScope';
import type { Source } from '../../../electron/hub/metrics/sources/source';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, until, waitFor } from '../../support/hubHarness';
import { startFakeSlack, type FakeSlack } from '../../support/fakeSlack';
import { requireService, sourceConfig } from '../../support/services';
import { freshSchema, PG_BASE } from '../store/pgSchema';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/*
 * Taking a night's lease over on a hub of several (store/leaderPart.ts, store/postgres/pgBackend.ts):
 * the outage put on the record is the time nobody ran the night, never the time since the new
 * holder opened it; a takeover that fails half-way lets the lease go so it is taken again; and a
 * lease lost while it is being taken leaves no side effect running, so nothing is done twice.
 */
type Night = { hubs: Hub[]; cutoverId: string; tokens: Record<string, string>; db: ReturnType<typeof freshSchema> };

/** `logs`: what the test's hubs said, shown when a test fails on what they did. */
const running: { hubs: Hub[]; clients: HubClient[]; after: (() => Promise<unknown>)[]; logs: string[] } = { hubs: [], clients: [], after: [], logs: [] };

afterEach(async () => {
  for (const c of running.clients.splice(0)) c.stop();
  for (const h of running.hubs.splice(0)) await h.close().catch(() => undefined);
  for (const f of running.after.splice(0)) await f().catch(() => undefined);
  running.logs.length = 0;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const said = () => `The hubs said:\n${running.logs.join('\n')}`;

async function hubOn(url: string, extra: Partial<HubOptions> = {}): Promise<Hub> {
  const name = `hub ${running.hubs.length + 1}`;
  const log = (m: string) => running.logs.push(`${new Date().toISOString().slice(11, 23)} ${name}: ${m}`);
  const hub = await startHub({ dataDir: await tempDir(), store: url, port: 0, log, leaseRetryMs: 200, ...extra });
  running.hubs.push(hub);
  return hub;
}

/** Two hubs on a fresh schema (`extra`: each one's options), and a night under way (its window opened a minute ago: an outage counts). */
async function night(extra: Partial<HubOptions> | ((i: number) => Partial<HubOptions>) = {}): Promise<Night> {
  const db = freshSchema('wr_lt');
  running.after.push(db.drop);
  const optionsOf = typeof extra === 'function' ? extra : () => extra;
  const hubs = [await hubOn(db.url, optionsOf(0)), await hubOn(db.url, optionsOf(1))];
  const start = Date.now() - 60_000;
  const { cutoverId, invites } = await hubs[0]!.createCutover({
    title: 'Shared night',
    window: { start, end: start + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  const tokens = Object.fromEntries(invites.map((i) => [i.invite.role, i.token]));
  for (const h of hubs) await waitFor(() => h.cutover(cutoverId) !== null, 'every hub to open the night', 10_000);
  await waitFor(() => leadsOf(hubs, cutoverId).length === 1, 'one hub to lead', 10_000);
  return { hubs, cutoverId, tokens, db };
}

function client(n: Night, hub: Hub, role: string, name: string): HubClient {
  const c = nodeClient(hub.url, n.cutoverId, n.tokens[role]!, name);
  running.clients.push(c);
  c.start();
  return c;
}

const leadsOf = (hubs: Hub[], id: string) => hubs.filter((h) => h.registry.backend.status().leads.includes(id));

/** The holder, closed as in a rolling restart (its last beat goes in as it lets go), and the hub left. */
async function closeHolder(n: Night): Promise<{ other: Hub; closedAt: number }> {
  const holder = leadsOf(n.hubs, n.cutoverId)[0]!;
  const other = n.hubs.find((h) => h !== holder)!;
  running.hubs.splice(running.hubs.indexOf(holder), 1);
  await holder.close();
  return { other, closedAt: Date.now() };
}

async function outages(n: Night): Promise<{ downFrom: number; downUntil: number }[]> {
  const rows = await n.db.query<{ event: string }>(`SELECT event FROM warroom_events WHERE event LIKE '%"type":"hub.resumed"%' ORDER BY seq`);
  return rows.map((r) => (JSON.parse(r.event) as Extract<CutoverEvent, { type: 'hub.resumed' }>).payload);
}

/** Swaps the runtime's catch-up on `hub` for `instead` (given the real one). */
function onSync(hub: Hub, cutoverId: string, instead: (real: () => Promise<void>) => Promise<void>): void {
  const rt = hub.registry.get(cutoverId)!.runtime;
  const real = rt.syncWithPeers.bind(rt);
  (rt as unknown as { syncWithPeers: () => Promise<void> }).syncWithPeers = () => instead(real);
}

async function withSlack(): Promise<FakeSlack> {
  const slack = await startFakeSlack();
  running.after.push(() => slack.close());
  return slack;
}

async function slackNight(c: HubClient, slack: FakeSlack): Promise<void> {
  await c.send('secret.set', { name: 'slack-token', value: slack.token }).done;
  await c.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false } } }).done;
}

describe.skipIf(!pgUp)('a hub taking over a night’s lease', () => {
  it('records no outage for a clean hand-over from a holder that was up all along, however long ago it opened the night', { timeout: 30_000 }, async () => {
    // Beats every second: a hand-over within 2 s is no outage.
    const n = await night({ heartbeatFileMs: 1000 });
    // Both hubs up and serving a while, longer than two beats: the time since the other opened the night.
    await sleep(4000);
    const { other } = await closeHolder(n);
    await waitFor(() => leadsOf([other], n.cutoverId).length === 1, 'the other hub to lead', 10_000);
    await sleep(500);
    expect(await outages(n), said()).toEqual([]);
  });

  it('records the time nobody ran the night, from the last holder’s last beat to the takeover', { timeout: 30_000 }, async () => {
    const n = await night({ heartbeatFileMs: 500 });
    await sleep(3000); // the other hub opened the night well before the gap starts
    // Nobody may lead for a while: the test queues for the lease, and is granted it as the holder lets go.
    const blocker = new pg.Client({ connectionString: PG_BASE });
    await blocker.connect();
    running.after.push(() => blocker.end());
    const key = [741_000_002, leaseKeyFor(n.db.schema, n.cutoverId)];
    const held = blocker.query('SELECT pg_advisory_lock($1, hashtext($2))', key);
    const closing = Date.now();
    const { other, closedAt } = await closeHolder(n);
    await held;
    await sleep(3000);
    const released = Date.now();
    await blocker.query('SELECT pg_advisory_unlock($1, hashtext($2))', key);
    await waitFor(() => leadsOf([other], n.cutoverId).length === 1, 'the other hub to lead', 10_000);
    const taken = Date.now();
    await sleep(300);
    const recorded = await outages(n);
    expect(recorded, said()).toHaveLength(1);
    const [gap] = recorded;
    // From the holder's last beat (it beats as it lets go), not from when the other hub opened the night.
    expect(gap!.downFrom).toBeGreaterThanOrEqual(closing - 100);
    expect(gap!.downFrom).toBeLessThanOrEqual(closedAt + 100);
    expect(gap!.downUntil).toBeGreaterThanOrEqual(released);
    expect(gap!.downUntil).toBeLessThanOrEqual(taken + 100);
  });

  it('lets the lease go when the catch-up fails while taking it, takes it again, and a poll deadline still fires', { timeout: 30_000 }, async () => {
    const n = await night();
    const holder = leadsOf(n.hubs, n.cutoverId)[0]!;
    const other = n.hubs.find((h) => h !== holder)!;
    let failures = 1;
    onSync(other, n.cutoverId, async (real) => {
      if (failures-- > 0) throw new Error('Connection terminated unexpectedly');
      return real();
    });
    await closeHolder(n);
    await waitFor(() => leadsOf([other], n.cutoverId).length === 1 && failures < 0, 'the other hub to lead, after one failed try', 10_000);
    const c = client(n, other, 'lead', 'Ana');
    await live(c);
    await c.send('poll.open', { question: 'Still go?', stations: ['role:approver'], deadline: Date.now() + 300 }).done;
    await until(c, (x) => Object.values(x.state.polls).some((p) => p.rounds[0]!.closeReason === 'deadline'), 5000, 'the poll to close at its deadline').catch(
      (e: Error) => {
        throw new Error(`${e.message}. ${said()}`);
      },
    );
    expect(running.logs.some((l) => l.includes('could not start the side effects') && l.includes('It let the lease go'))).toBe(true);
  });

  it('runs one set of side effects after losing the lease mid-takeover and taking it again: one poller, one Slack post', { timeout: 40_000 }, async () => {
    const slack = await withSlack();
    // Each hub counts the sources its pollers hold open: one per running set of side effects.
    const open = [0, 0];
    const countingSources = (i: number) => (): Source => {
      open[i]!++;
      return { read: async () => 5, close: async () => void open[i]!-- };
    };
    const n = await night((i) => ({ secretsKey: Buffer.alloc(32, 3), slackApiUrl: slack.url, statusIntervalMs: 500, createSource: countingSources(i) }));
    const holder = leadsOf(n.hubs, n.cutoverId)[0]!;
    const other = n.hubs.find((h) => h !== holder)!;
    const c0 = client(n, holder, 'lead', 'Lena');
    await live(c0);
    await slackNight(c0, slack);
    await c0.send('series.define', { series: { id: 'lag', name: 'Lag', intervalSec: 1, source: sourceConfig({ kind: 'http', url: 'http://127.0.0.1:9/' }) } })
      .done;
    c0.stop();
    const backend = other.registry.backend as unknown as { session: { processID: number } | null };
    let once = true;
    onSync(other, n.cutoverId, async (real) => {
      await real();
      if (!once) return;
      once = false;
      // The session drops while the hub is still taking over: after the catch-up, before the side effects start.
      await n.db.query('SELECT pg_terminate_backend($1)', [backend.session!.processID]);
      await waitFor(() => leadsOf([other], n.cutoverId).length === 0, 'the lease to go with the session', 10_000);
    });
    await closeHolder(n);
    await waitFor(() => !once && leadsOf([other], n.cutoverId).length === 1, 'the other hub to lead again', 15_000);
    await sleep(1500);
    expect(open[n.hubs.indexOf(other)], said()).toBe(1);
    const c = client(n, other, 'lead', 'Lena');
    await live(c);
    await c.send('message.send', { text: 'Maintenance in progress', bannerText: 'x', state: 'in_progress', destinations: ['slack'] }).done;
    await until(c, (x) => Object.values(x.state.messages).some((m) => m.deliveries.slack?.status === 'sent'), 8000, 'the message sent');
    await sleep(1500);
    expect(
      slack.messages.filter((m) => m.text === 'Maintenance in progress'),
      said(),
    ).toHaveLength(1);
  });

  it('lets one outbox post an attempt even when another on the same night got as far (one post, one attempt recorded)', { timeout: 30_000 }, async () => {
    const slack = await withSlack();
    const n = await night({ secretsKey: Buffer.alloc(32, 4), slackApiUrl: slack.url, statusIntervalMs: 500 });
    const holder = leadsOf(n.hubs, n.cutoverId)[0]!;
    const c = client(n, holder, 'lead', 'Lena');
    await live(c);
    await slackNight(c, slack);
    // A second outbox on the holder's night beside its own, as one left behind by a lease lost mid-takeover would be.
    const cutover = holder.registry.get(n.cutoverId)!;
    const ghost = new Outbox(n.cutoverId, cutover.runtime, {
      vault: cutover.secrets,
      now: Date.now,
      log: () => undefined,
      lag: () => [],
      slackApiUrl: slack.url,
    });
    ghost.start();
    running.after.push(() => ghost.stop());
    await c.send('message.send', { text: 'Maintenance in progress', bannerText: 'x', state: 'in_progress', destinations: ['slack'] }).done;
    await until(c, (x) => Object.values(x.state.messages).some((m) => m.deliveries.slack?.status === 'sent'), 8000, 'the message sent');
    await sleep(1500);
    expect(slack.messages.filter((m) => m.text === 'Maintenance in progress')).toHaveLength(1);
    const sending = await n.db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%"type":"delivery.sending"%'`);
    expect(Number(sending[0]!.n)).toBe(1);
  });
});

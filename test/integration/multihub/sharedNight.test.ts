import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, until, waitFor, WINDOW_START } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';
import { leaseKeyFor } from '../../../electron/hub/store/postgres/schemaScope';
import { freshSchema } from '../store/pgSchema';
import { requireService } from '../../support/services';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/*
 * Several hubs in this process on one PostgreSQL schema: each takes any client and any
 * command, and all of them hold the same night. (Kill -9 of whole hub processes is in
 * failover.test.ts.)
 */
type Night = { hubs: Hub[]; cutoverId: string; tokens: Record<string, string>; db: ReturnType<typeof freshSchema> };

/** `logs`: what the test's hubs said, kept to be shown when a test fails on what they did. */
const running: { hubs: Hub[]; clients: HubClient[]; drop: (() => Promise<void>) | null; logs: string[] } = { hubs: [], clients: [], drop: null, logs: [] };

afterEach(async () => {
  for (const c of running.clients.splice(0)) c.stop();
  for (const h of running.hubs.splice(0)) await h.close().catch(() => undefined);
  await running.drop?.();
  running.drop = null;
  running.logs.length = 0;
});

async function hubOn(url: string, extra: Partial<Parameters<typeof startHub>[0]> = {}): Promise<Hub> {
  const name = `hub ${running.hubs.length + 1}`;
  const log = (m: string) => running.logs.push(`${new Date().toISOString().slice(11, 23)} ${name}: ${m}`);
  const hub = await startHub({ dataDir: await tempDir(), store: url, port: 0, log, leaseRetryMs: 200, ...extra });
  running.hubs.push(hub);
  return hub;
}

async function plan(hub: Hub): Promise<{ cutoverId: string; tokens: Record<string, string> }> {
  const { cutoverId, invites } = await hub.createCutover({
    title: 'Shared night',
    window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  return { cutoverId, tokens: Object.fromEntries(invites.map((i) => [i.invite.role, i.token])) };
}

async function night(count: number): Promise<Night> {
  const db = freshSchema();
  running.drop = db.drop;
  const hubs: Hub[] = [];
  for (let i = 0; i < count; i++) hubs.push(await hubOn(db.url));
  const { cutoverId, invites } = await hubs[0]!.createCutover({
    title: 'Shared night',
    window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  const tokens = Object.fromEntries(invites.map((i) => [i.invite.role, i.token]));
  // Every hub opens the new night when told of it.
  for (const h of hubs) await waitFor(() => h.cutover(cutoverId) !== null, 'every hub to open the night', 10_000);
  return { hubs, cutoverId, tokens, db };
}

function client(n: Night, hub: Hub, role: string, name: string, extra: Parameters<typeof nodeClient>[4] = {}): HubClient {
  const c = nodeClient(hub.url, n.cutoverId, n.tokens[role]!, name, extra);
  running.clients.push(c);
  c.start();
  return c;
}

describe.skipIf(!pgUp)('several hubs on one PostgreSQL database', () => {
  it('keeps the night across a restart of its only hub, with the store named in /healthz and no password anywhere', async () => {
    const db = freshSchema();
    running.drop = db.drop;
    const logs: string[] = [];
    const url = db.url.replace('postgres@', 'postgres:hunter2-secret@');
    const first = await hubOn(url, { log: (m) => logs.push(m) });
    const { cutoverId, invites } = await first.createCutover({
      title: 'One hub',
      window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    const lead = invites.find((i) => i.invite.role === 'lead')!.token;
    const c = nodeClient(first.url, cutoverId, lead, 'Ana');
    running.clients.push(c);
    c.start();
    await live(c);
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.send('note.add', { text: `note ${i}`, severity: 'info' }).done));
    const health = (await (await fetch(`${first.url}/healthz`)).json()) as { store: string; leads: string[] };
    expect(health.store).toBe(`postgres://postgres@127.0.0.1:5432/test?schema=${db.schema}`);
    expect(JSON.stringify(health)).not.toContain('hunter2');
    await first.close();
    running.hubs.splice(0);
    c.stop();

    const second = await hubOn(url, { log: (m) => logs.push(m) });
    const again = nodeClient(second.url, cutoverId, lead, 'Ana');
    running.clients.push(again);
    again.start();
    await live(again);
    expect(again.events.filter((e) => e.type === 'note.added')).toHaveLength(20);
    expect(again.state).toEqual(c.state);
    expect(logs.join('\n')).not.toContain('hunter2');
    const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM warroom_events');
    expect(Number(rows[0]!.n)).toBe(again.state.seq);
  });

  it('takes commands on every hub into one order: contiguous seqs, each command once, every client folding the same state', async () => {
    const n = await night(3);
    const clients = n.hubs.map((h, i) => client(n, h, i === 0 ? 'lead' : 'operator', `person-${i}`));
    await Promise.all(clients.map(live));
    // Concurrent commands on all three hubs: most race for the same seqs.
    const load = Promise.all(
      clients.flatMap((c, i) =>
        Array.from({ length: 40 }, async (_, k) => {
          await new Promise((r) => setTimeout(r, k * 5));
          return c.send('note.add', { text: `hub ${i} note ${k}`, severity: 'info' }).done;
        }),
      ),
    );
    // Bare sockets joining each hub in the middle of it: catch-up, then live, each seq once and in order.
    await new Promise((r) => setTimeout(r, 60));
    const watchers = await Promise.all(n.hubs.map((h) => RawSocket.open(h.url, n.cutoverId, n.tokens.observer!)));
    for (const w of watchers) w.send({ t: 'hello', protocol: 1, name: 'Watcher', since: 0 });
    await load;
    const head = await n.db.query<{ seq: string; event: string }>('SELECT seq, event FROM warroom_events ORDER BY seq');
    const last = head.length;
    for (const c of clients) await until(c, (x) => x.state.seq === last, 10_000, `client at seq ${last}`);
    const seqsOf = (w: RawSocket) => w.messages.flatMap((m) => (m.t === 'events' ? m.events.map((e) => e.seq) : []));
    for (const w of watchers) {
      await waitFor(() => seqsOf(w).includes(last), 'a watcher to see the last event', 10_000);
      expect(seqsOf(w)).toEqual(head.map((_, i) => i + 1));
      w.close();
    }
    expect(head.map((r) => Number(r.seq))).toEqual(head.map((_, i) => i + 1));
    const notes = head.map((r) => JSON.parse(r.event) as { type: string; commandId?: string }).filter((e) => e.type === 'note.added');
    expect(notes).toHaveLength(120);
    expect(new Set(notes.map((e) => e.commandId)).size).toBe(120);
    for (const c of clients.slice(1)) expect(c.state).toEqual(clients[0]!.state);
  });

  it('applies one command id given to two hubs at once as one event, and answers both with its seqs', async () => {
    const n = await night(2);
    // The same person (same invite, same name) on two hubs, sending the same command id.
    const ids = () => {
      let k = 0;
      return () => (k++ === 0 ? 'the-same-id' : `other-${k}-${Math.random()}`);
    };
    const a = client(n, n.hubs[0]!, 'lead', 'Ana', { newId: ids() });
    const b = client(n, n.hubs[1]!, 'lead', 'Ana', { newId: ids() });
    await Promise.all([live(a), live(b)]);
    const [sa, sb] = await Promise.all([
      a.send('note.add', { text: 'once', severity: 'info' }).done,
      b.send('note.add', { text: 'once', severity: 'info' }).done,
    ]);
    expect(sa).toEqual(sb);
    const rows = await n.db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%"commandId":"the-same-id"%'`);
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('accepts on every hub a ticket minted by another, and lets exactly one hub run the side effects', async () => {
    const n = await night(3);
    const ticket = n.hubs[0]!.issueTicket(n.cutoverId, n.tokens.lead!)!;
    const c = client(n, n.hubs[2]!, 'lead', 'Ana', { auth: { ticket: async () => ticket.ticket } });
    await live(c);
    await waitFor(() => leadsOf(n).length === 1, 'one hub to lead', 10_000);
    const healths = await Promise.all(n.hubs.map(async (h) => (await (await fetch(`${h.url}/healthz`)).json()) as { leads: string[]; peers: string[] }));
    expect(healths.filter((h) => h.leads.includes(n.cutoverId))).toHaveLength(1);
    // Each hub names the two others it shares the night with, and no hub of another test's schema.
    await waitFor(() => n.hubs.every((h) => h.registry.backend.status().peers.length === 2), 'every hub to hear of the two others', 10_000);
    for (const h of await Promise.all(n.hubs.map(async (h) => (await (await fetch(`${h.url}/healthz`)).json()) as { peers: string[] })))
      expect(h.peers).toHaveLength(2);
  });

  it('closes a poll at its deadline once, on the hub that runs the side effects, whichever hub opened it', async () => {
    const n = await night(3);
    const clients = n.hubs.map((h, i) => client(n, h, 'lead', `lead-${i}`));
    await Promise.all(clients.map(live));
    await waitFor(() => leadsOf(n).length === 1, 'one hub to lead', 10_000);
    await clients[2]!.send('poll.open', { question: 'Quick check', stations: ['role:approver'], deadline: Date.now() + 300 }).done;
    for (const c of clients) await until(c, (x) => Object.values(x.state.polls).some((p) => p.rounds[0]!.closeReason === 'deadline'), 6000, 'deadline close');
    await new Promise((r) => setTimeout(r, 1500)); // further ticks of every hub's clock
    const closes = await n.db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%"type":"poll.closed"%'`);
    expect(Number(closes[0]!.n)).toBe(1);
  });
});

describe.skipIf(!pgUp)('two groups of hubs on one database, each in a schema of its own', () => {
  it('do not open, lead or count each other: a night made in one schema is opened by the hubs of that schema alone', async () => {
    // Ours with the longest name a schema may have (63): its channels are named by a digest of it.
    const ours = freshSchema(`wr_t_long_${'x'.repeat(42)}`);
    const theirs = freshSchema();
    running.drop = async () => void (await Promise.all([ours.drop(), theirs.drop()]));
    // The other group's hub first, so it listens before ours say anything.
    const other = await hubOn(theirs.url);
    const [a, b] = [await hubOn(ours.url), await hubOn(ours.url)];
    const { cutoverId } = await plan(a);
    // Told of the new night, the second hub of its schema opens it, and one of the two leads it.
    await waitFor(() => b.cutover(cutoverId) !== null, 'the second hub of the schema to open the night', 10_000);
    await waitFor(() => [a, b].some((h) => h.registry.backend.status().leads.includes(cutoverId)), 'a hub of the schema to lead', 10_000);
    // Each hears the other's sign of life (every 200 ms), said after the other group's hub listened.
    await waitFor(() => [a, b].every((h) => h.registry.backend.status().peers.length > 0), 'each hub of the schema to hear the other', 10_000);
    for (const h of [a, b]) expect(h.registry.backend.status().peers).toHaveLength(1);
    // The other group's hub heard none of it: no night of ours (it would be an empty one, its
    // heartbeat refused, and it could take the night's lease: the lock is the database's) and no peer.
    expect(other.cutover(cutoverId)).toBeNull();
    expect(other.registry.list()).toEqual([]);
    expect(other.registry.backend.status()).toMatchObject({ peers: [], leads: [] });
  });
});

describe.skipIf(!pgUp)('a lease holder that loses its database session', () => {
  it('stops running the side effects, and one hub (it, or another) runs them again: a later deadline fires once', async () => {
    const n = await night(2);
    const c = client(n, n.hubs[0]!, 'lead', 'Ana');
    await live(c);
    await waitFor(() => leadsOf(n).length === 1, 'one hub to lead', 10_000);
    const holder = leadsOf(n)[0]!;
    // This night's lease only: other test files' hubs hold leases on the same server meanwhile.
    const [lock] = await n.db.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 741000002 AND objid = hashtext($1)::oid AND granted",
      [leaseKeyFor(n.db.schema, n.cutoverId)],
    );
    await n.db.query('SELECT pg_terminate_backend($1)', [lock!.pid]);
    // The holder notices (its session ends) and lets go; a lease is taken again, by one hub.
    await waitFor(() => holder.registry.backend.status().leads.length === 0, 'the holder to let go with its session', 10_000);
    // Once, in a whole suite, no hub led again within the 10 s. The likely cause: another test
    // file's hub, on a schema of its own, had opened this night too and could take its lease,
    // the database's lock (schemas shared their channels then: channels.ts). Should it happen
    // again, it says what each hub did meanwhile.
    await waitFor(() => leadsOf(n).length === 1, 'a hub to lead again', 10_000).catch((e: Error) => {
      const leads = n.hubs.map((h, i) => `hub ${i + 1}: ${h.registry.backend.status().leads.length}`).join(', ');
      throw new Error(`${e.message} (leases held: ${leads}; holder hub ${n.hubs.indexOf(holder) + 1}). The hubs said:\n${running.logs.join('\n')}`);
    });
    await c.send('poll.open', { question: 'After the blip', stations: ['role:approver'], deadline: Date.now() + 300 }).done;
    await until(c, (x) => Object.values(x.state.polls).some((p) => p.rounds[0]!.closeReason === 'deadline'), 8000, 'deadline close');
    await new Promise((r) => setTimeout(r, 1500));
    const closes = await n.db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%"type":"poll.closed"%'`);
    expect(Number(closes[0]!.n)).toBe(1);
  });
});

describe.skipIf(!pgUp)('secrets on several hubs', () => {
  it('keeps two secrets stored at once through two hubs, and every hub can read both', async () => {
    const db = freshSchema();
    running.drop = db.drop;
    const secretsKey = Buffer.alloc(32, 7);
    const a = await hubOn(db.url, { secretsKey });
    const b = await hubOn(db.url, { secretsKey });
    const n: Night = { hubs: [a, b], db, ...(await plan(a)) };
    await waitFor(() => b.cutover(n.cutoverId) !== null, 'hub B to open the night', 10_000);
    const [ca, cb] = [client(n, a, 'lead', 'Ana'), client(n, b, 'lead', 'Ben')];
    await Promise.all([live(ca), live(cb)]);
    await Promise.all([
      ca.send('secret.set', { name: 'slack-token', value: 'xoxb-a' }).done,
      cb.send('secret.set', { name: 'pg-password', value: 'pw-b' }).done,
    ]);
    for (const h of [a, b]) {
      const vault = h.registry.integrations.vault.scoped(n.cutoverId);
      await waitFor(() => vault.get('slack-token') === 'xoxb-a' && vault.get('pg-password') === 'pw-b', 'both secrets on every hub', 10_000);
    }
    const [row] = await db.query<{ ciphertext: Buffer }>('SELECT ciphertext FROM warroom_vault');
    expect(row!.ciphertext.toString('latin1')).not.toContain('xoxb-a');
  });
});

describe.skipIf(!pgUp)('readings on several hubs', () => {
  it('sends the readings the lease holder polls to the clients of every hub, live and to those who join later', async () => {
    const n = await night(2);
    await waitFor(() => leadsOf(n).length === 1, 'one hub to lead', 10_000);
    const follower = n.hubs.find((h) => !leadsOf(n).includes(h))!;
    const c = client(n, follower, 'lead', 'Ana');
    await live(c);
    const live_: number[] = [];
    c.onSamples((batches, history) => {
      if (!history) for (const b of batches) if (b.s === 'backlog') live_.push(...b.t);
    });
    const source = { kind: 'simulated' as const, stopStep: 'a', restartStep: 'b', inflowPerSec: 100, drainPerSec: 0, noise: 0 };
    await c.send('series.define', { series: { id: 'backlog', name: 'Backlog', intervalSec: 1, source } }).done;
    await waitFor(() => live_.length >= 2, 'live readings on the follower', 10_000);
    // Someone joining the follower later gets the history too.
    const late = client(n, follower, 'observer', 'Late');
    const history: number[] = [];
    late.onSamples((batches, isHistory) => {
      if (isHistory) for (const b of batches) history.push(...b.t);
    });
    await live(late);
    await waitFor(() => history.length >= 2, 'history on the follower', 10_000);
  });
});

function leadsOf(n: Night): Hub[] {
  return n.hubs.filter((h) => h.registry.backend.status().leads.includes(n.cutoverId));
}

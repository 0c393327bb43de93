import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { journalOf, live, nodeClient, SMALL_RUNBOOK, startTestHub, tempDir, until, type TestHub } from '../../support/hubHarness';
import { requireService } from '../../support/services';
import { freshSchema } from '../store/pgSchema';

/*
 * A command the store failed under is not refused. Refused, it left the window's queue: a
 * change written to PostgreSQL whose COMMIT answer was lost showed "Refused" though it had
 * happened (done again, it was there twice), and one a full disk did not take was gone. The
 * hub lets the socket go instead; the window keeps the change, sends it again once the hub
 * can record, and hears the truth: its seqs if it was stored, a decision if it was not.
 */

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

let t: TestHub | null = null;
const hubs: Hub[] = [];
const clients: HubClient[] = [];
const drops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  await t?.stop();
  t = null;
  for (const h of hubs.splice(0)) await h.close().catch(() => undefined);
  for (const d of drops.splice(0)) await d();
});

const answerOf = (done: Promise<number[]>) =>
  done.then(
    (seqs) => `recorded as ${seqs.join(',')}`,
    (e: Error) => `refused: ${e.message}`,
  );

describe('a journal write that fails', () => {
  it('keeps the change in the window, says the hub cannot record, and records it once the hub is back', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dan');
    await Promise.all([lead, dba].map(live));
    await lead.send('cutover.start', {}).done;
    const store = journalOf(t.hub, t.cutoverId);
    store.append = async () => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    };

    let answer: string | null = null;
    const note = lead.send('note.add', { text: 'Replica lag 40 s, holding the switch', severity: 'issue' });
    void answerOf(note.done).then((a) => (answer = a));
    // Every window leaves "live" at once (Dan sent nothing), and the note stays queued, unanswered.
    await until(dba, (c) => c.status !== 'live', 5000, 'Dan to hear the hub cannot record');
    await until(lead, (c) => c.status !== 'live', 5000, 'Lena to hear the hub cannot record');
    await new Promise((r) => setTimeout(r, 300));
    expect(answer).toBeNull();
    expect(lead.pending.map((c) => c.id)).toEqual([note.id]);
    expect(lead.interruption).toBe('The hub stopped recording (EIO: i/o error, write): it must be mended and restarted');

    // The disk is mended and the hub started again on the same folder and port: the note goes in once.
    const port = t.hub.port;
    await t.hub.close().catch(() => undefined);
    t.hub = await startHub({ dataDir: t.dir, port, log: () => undefined });
    expect(await answerOf(note.done)).toMatch(/^recorded as \d+$/);
    await until(dba, (c) => c.status === 'live' && c.state.seq === lead.state.seq, 8000, 'Dan back');
    const stored = t.hub.registry
      .get(t.cutoverId)!
      .runtime.rawsAfter(0)
      .filter((r) => r.includes('Replica lag 40 s'));
    expect(stored).toHaveLength(1);
    expect(lead.interruption).toBeNull();
  });
});

/** A way to PostgreSQL that, once armed, lets an event INSERT commit, then drops every connection for a while (a failover at commit). */
async function commitThenCut(cutForMs: number) {
  const pairs: Array<{ down: Socket; up: Socket }> = [];
  let armed = false;
  let downUntil = 0;
  const server = createServer((down) => {
    if (Date.now() < downUntil) return void down.destroy();
    const up = connect(5432, '127.0.0.1');
    pairs.push({ down, up });
    let cutOnAnswer = false;
    down.on('data', (d: Buffer) => {
      if (armed && d.toString('latin1').includes('INSERT INTO warroom_events')) {
        armed = false;
        cutOnAnswer = true;
      }
      up.write(d);
    });
    up.on('data', (d: Buffer) => {
      if (!cutOnAnswer) return void down.write(d);
      // Stored upstream; the hub never hears it, and for a while no connection can be made.
      downUntil = Date.now() + cutForMs;
      for (const p of pairs.splice(0)) p.down.destroy();
    });
    up.on('error', () => undefined);
    down.on('error', () => undefined);
    up.on('close', () => down.destroy());
    down.on('close', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    arm: () => (armed = true),
    close: () => {
      for (const p of pairs.splice(0)) p.down.destroy();
      server.close();
    },
  };
}

/** A hub on a fresh PostgreSQL schema (reached at `port`, a proxy's, if given), a night on it, and its lead live. */
async function leadOnPostgres(port: number | null, extra: Parameters<typeof nodeClient>[4] = {}) {
  const db = freshSchema();
  drops.push(db.drop);
  const store = port === null ? db.url : db.url.replace('127.0.0.1:5432', `127.0.0.1:${port}`);
  const hub = await startHub({ dataDir: await tempDir(), store, port: 0, log: () => undefined });
  hubs.push(hub);
  const start = Date.now() - 60_000;
  const { cutoverId, invites } = await hub.createCutover({
    title: 'Night',
    window: { start, end: start + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  const lead = nodeClient(hub.url, cutoverId, invites.find((i) => i.invite.role === 'lead')!.token, 'Lena', extra);
  clients.push(lead);
  lead.start();
  await live(lead);
  return { db, lead };
}

describe.skipIf(!pgUp)('a PostgreSQL commit whose answer was lost', () => {
  it('is answered with its seqs once the database is back: neither refused nor recorded twice', async () => {
    const proxy = await commitThenCut(3000);
    drops.push(proxy.close);
    const { db, lead } = await leadOnPostgres(proxy.port);

    proxy.arm();
    const note = lead.send('note.add', { text: 'Replica lag 40 s, holding the switch', severity: 'issue' });
    expect(await answerOf(note.done)).toMatch(/^recorded as \d+$/);
    const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%Replica lag 40 s%'`);
    expect(rows[0]!.n).toBe('1');
  }, 30_000);

  it('is told, not resent for good, when the database refuses the change every time; and hears no database address', async () => {
    const { lead } = await leadOnPostgres(null, { handBackForMs: 2000 });
    const interruptions = new Set<string>();
    lead.subscribe(() => void (lead.interruption && interruptions.add(lead.interruption)));

    // PostgreSQL takes no NUL character in JSON: pasted from a terminal, it is in the note.
    const answer = await answerOf(lead.send('note.add', { text: 'Output of pg_dump:\u0000 truncated', severity: 'info' }).done);
    expect(answer).toMatch(
      /^refused: The hub cannot record just now \(.+\), 3 times for this change: it is not sent again by itself\. Look at the night, and do it again if it is not there$/,
    );
    expect(lead.pending).toEqual([]);
    expect([...interruptions].join(' ')).not.toMatch(/postgres:\/\//);
    // The night goes on: the next note is recorded.
    expect(await answerOf(lead.send('note.add', { text: 'Dump taken again without the NUL', severity: 'info' }).done)).toMatch(/^recorded as \d+$/);
  }, 60_000);
});

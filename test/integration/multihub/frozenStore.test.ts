import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { socketUrl } from '@shared/protocol';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { STORE_TIMEOUT_ENV } from '../../../electron/hub/store/postgres/database';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, waitFor } from '../../support/hubHarness';
import { requireService } from '../../support/services';
import { freshSchema } from '../store/pgSchema';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/*
 * A hub whose link to the database goes dead without closing (a firewall dropping packets, a
 * frozen VM): its queries are given up on after the store's timeout, so a command on it is
 * answered (here: recorded through the other hub) rather than left hanging while the hub still
 * answers pings, and the hub stops claiming the night's lease.
 */
const running: { hubs: Hub[]; clients: HubClient[]; after: (() => unknown)[]; logs: string[] } = { hubs: [], clients: [], after: [], logs: [] };

afterEach(async () => {
  for (const c of running.clients.splice(0)) c.stop();
  for (const h of running.hubs.splice(0)) await h.close().catch(() => undefined);
  for (const f of running.after.splice(0)) await Promise.resolve(f()).catch(() => undefined);
  running.logs.length = 0;
});

async function hubOn(url: string, name: string): Promise<Hub> {
  const log = (m: string) => running.logs.push(`${new Date().toISOString().slice(11, 23)} ${name}: ${m}`);
  const hub = await startHub({ dataDir: await tempDir(), store: url, port: 0, log, leaseRetryMs: 200 });
  running.hubs.push(hub);
  return hub;
}

/** A TCP proxy to the database that can freeze: the database's side is cut, the hub's side stays open and hears nothing more. */
async function freezingProxy(): Promise<{ port: number; freeze: () => void; close: () => void }> {
  const pairs: { down: Socket; up: Socket }[] = [];
  let frozen = false;
  const server = createServer((down) => {
    const up = connect(5432, '127.0.0.1');
    pairs.push({ down, up });
    down.on('data', (d) => void (frozen || up.write(d)));
    up.on('data', (d) => void (frozen || down.write(d)));
    up.on('error', () => undefined);
    down.on('error', () => undefined);
    up.on('close', () => void (frozen || down.destroy()));
    down.on('close', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    freeze() {
      frozen = true;
      for (const p of pairs) p.up.destroy();
    },
    close() {
      for (const p of pairs) for (const s of [p.down, p.up]) s.destroy();
      server.close();
    },
  };
}

const leads = (hub: Hub, id: string) => hub.registry.backend.status().leads.includes(id);

describe.skipIf(!pgUp)('a hub whose database link freezes', () => {
  it('answers a command sent to it instead of hanging, and lets the lease go', { timeout: 60_000 }, async () => {
    const before = process.env[STORE_TIMEOUT_ENV];
    process.env[STORE_TIMEOUT_ENV] = '1500';
    running.after.push(() => (before === undefined ? delete process.env[STORE_TIMEOUT_ENV] : (process.env[STORE_TIMEOUT_ENV] = before)));
    const db = freshSchema('wr_fz');
    running.after.push(db.drop);
    const proxy = await freezingProxy();
    running.after.push(() => proxy.close());
    const a = await hubOn(db.url.replace('127.0.0.1:5432', `127.0.0.1:${proxy.port}`), 'hub A');
    const start = Date.now() - 60_000;
    const { cutoverId, invites } = await a.createCutover({
      title: 'Frozen link',
      window: { start, end: start + 7_200_000, timeZone: 'UTC' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    const b = await hubOn(db.url, 'hub B');
    await waitFor(() => b.cutover(cutoverId) !== null, 'hub B to open the night', 10_000);
    await waitFor(() => leads(a, cutoverId), 'hub A to lead', 10_000);
    const token = invites.find((i) => i.invite.role === 'lead')!.token;
    const c = nodeClient(a.url, cutoverId, token, 'Lena', { urls: [socketUrl(a.url, cutoverId), socketUrl(b.url, cutoverId)] });
    running.clients.push(c);
    c.start();
    await live(c);

    proxy.freeze();
    let outcome = 'none';
    c.send('note.add', { text: 'DB writes stopped on the replica', severity: 'issue' }).done.then(
      () => (outcome = 'acked'),
      (e: Error) => (outcome = `refused: ${e.message}`),
    );
    const said = () => `outcome ${outcome}, client ${c.status} on ${c.hub}. The hubs said:\n${running.logs.join('\n')}`;
    await waitFor(() => outcome !== 'none', 'the command to be answered', 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; ${said()}`);
    });
    expect(outcome, said()).toBe('acked');
    await waitFor(() => !leads(a, cutoverId) && leads(b, cutoverId), 'hub B to lead, hub A to let go', 10_000).catch((e: Error) => {
      throw new Error(`${e.message}; ${said()}`);
    });
    const notes = await db.query<{ n: string }>(`SELECT count(*) AS n FROM warroom_events WHERE event LIKE '%DB writes stopped on the replica%'`);
    expect(Number(notes[0]!.n)).toBe(1);
  });
});

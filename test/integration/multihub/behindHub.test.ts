import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { socketUrl } from '@shared/protocol';
import { startHub, type Hub } from '../../../electron/hub/hub';
import { live, nodeClient, SMALL_RUNBOOK, tempDir, until, waitFor, WINDOW_START } from '../../support/hubHarness';
import { requireService } from '../../support/services';
import { freshSchema } from '../store/pgSchema';

const pgUp = await requireService('PostgreSQL', '127.0.0.1', 5432);

/*
 * A hub behind the others (it missed their notices while its session reconnected). A window
 * moving to it was ahead of it and was started over on the hub's older night: the approver's
 * poll vanished from his screen, and his GO was refused as answering no poll.
 */

const hubs: Hub[] = [];
const clients: HubClient[] = [];
const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const h of hubs.splice(0)) await h.close().catch(() => undefined);
  for (const d of drops.splice(0)) await d();
});

describe.skipIf(!pgUp)('a window moving to a hub behind the others', () => {
  it('is not set back: the hub catches up first, and what the window answers is taken', async () => {
    const db = freshSchema();
    drops.push(db.drop);
    const [a, b] = [
      await startHub({ dataDir: await tempDir(), store: db.url, port: 0, log: () => undefined, leaseRetryMs: 200 }),
      await startHub({ dataDir: await tempDir(), store: db.url, port: 0, log: () => undefined, leaseRetryMs: 200 }),
    ];
    hubs.push(a, b);
    const { cutoverId, invites } = await a.createCutover({
      title: 'Shared night',
      window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
      isRehearsal: false,
      runbook: SMALL_RUNBOOK,
    });
    await waitFor(() => b.cutover(cutoverId) !== null, 'hub B to open the night', 10_000);
    const token = (role: string) => invites.find((i) => i.invite.role === role)!.token;
    const lead = nodeClient(a.url, cutoverId, token('lead'), 'Lena');
    const approver = nodeClient(a.url, cutoverId, token('approver'), 'Ali', { urls: [socketUrl(a.url, cutoverId), socketUrl(b.url, cutoverId)] });
    clients.push(lead, approver);
    lead.start();
    approver.start();
    await Promise.all([live(lead), live(approver)]);

    // Hub B hears nothing of what A stores from now on (as while its session reconnects).
    const behind = b.registry.get(cutoverId)!.runtime as unknown as { pullIfIdle: () => void; durableSeq: number };
    behind.pullIfIdle = () => undefined;
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['role:approver'] }).done;
    await until(approver, (c) => c.state.pollOrder.length === 1, 5000, 'the approver to see the poll');
    const pollId = approver.state.pollOrder[0]!;
    expect(behind.durableSeq).toBeLessThan(approver.state.seq);

    // A goes away; the approver moves to B.
    await a.close();
    hubs.splice(hubs.indexOf(a), 1);
    await until(approver, (c) => c.status === 'live' && c.hub.includes(new URL(b.url).host), 10_000, 'the approver on hub B');
    expect(approver.state.pollOrder).toEqual([pollId]);
    const answer = await approver.send('poll.answer', { pollId, vote: 'go', comment: '' }).done.then(
      () => 'taken',
      (e: Error) => `refused: ${e.message}`,
    );
    expect(answer).toBe('taken');
  });
});

import type * as realFs from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BannerView } from '@shared/comms';
import type { CutoverEvent } from '@shared/cutover';
import { CommandRejected } from '@shared/client';
import { startHub } from '../../../electron/hub/hub';
import { live, startTestHub, until, waitFor, type TestHub } from '../../support/hubHarness';

/*
 * A journal write that fails: the command is refused, and nothing of it shows anywhere, now
 * or after a restart. Two ways it showed: a full disk's write left the command's first
 * records in the file, which came back at the next opening; and the customers' banner read
 * the hub's state, which had the command folded in before it was written.
 */

/*
 * ENOSPC as write(2) gives it: a write that does not fit writes what fits and returns that
 * count, and the next write fails. Armed for one batch, the one holding a decision.
 */
const disk = vi.hoisted(() => ({ armed: false, calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof realFs>();
  const writeSync = ((fd: number, buf: Buffer, offset: number, length: number) => {
    if (!disk.armed || !Buffer.isBuffer(buf) || !buf.includes('"decision.recorded"')) return actual.writeSync(fd, buf, offset, length);
    if (++disk.calls === 1) {
      // What fits: the command's first record, whole, and a few bytes of the next.
      const firstLine = buf.indexOf(10, offset) + 1;
      return actual.writeSync(fd, buf, offset, Math.min(length, firstLine - offset + 10));
    }
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  }) as typeof actual.writeSync;
  return { ...actual, writeSync, default: { ...actual, writeSync } };
});

let t: TestHub;
afterEach(async () => {
  disk.armed = false;
  disk.calls = 0;
  await t?.stop();
});

type StoreInside = { fh: unknown; place: unknown };
/** The cutover's file journal, its writes made on the event loop (by writeSync) whatever the machine's load. */
function journalOnLoop(): StoreInside {
  const store = (t.hub.registry.get(t.cutoverId)!.runtime as unknown as { opts: { store: StoreInside } }).opts.store;
  store.place = { onLoop: true, took: () => undefined };
  return store;
}

const outcome = (done: Promise<unknown>) =>
  done.then(
    () => 'acknowledged',
    (e: unknown) => (e instanceof CommandRejected ? `refused (${e.code})` : String(e)),
  );

describe('a journal write that fails', () => {
  it('leaves nothing of the refused command in the journal when the disk was full part-way', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const approver = t.client('approver', 'Avi');
    await live(lead);
    await live(approver);
    await lead.send('cutover.start', {}).done;
    journalOnLoop();

    // A ROLLBACK is two events (the decision and the rollback started): the first fits.
    disk.armed = true;
    const rollback = approver.send('decision.record', { decision: 'rollback', rationale: 'replica lag will not come down' });
    let answer: string | null = null;
    void outcome(rollback.done).then((a) => (answer = a));
    // Not refused: the window keeps it, and hears the hub cannot record.
    await until(approver, (c) => c.status !== 'live', 5000, 'the approver to hear the hub cannot record');
    expect(disk.calls).toBe(2);
    disk.armed = false;
    expect(answer).toBeNull();
    expect(approver.pending.map((c) => c.id)).toEqual([rollback.id]);

    // Space is freed and the hub started again on the same folder and port. Nothing of the
    // first try came back: the window's ROLLBACK, sent again, is recorded once and whole.
    const port = t.hub.port;
    await t.hub.close().catch(() => undefined);
    t.hub = await startHub({ dataDir: t.dir, port, log: () => undefined });
    expect(await outcome(rollback.done)).toBe('acknowledged');
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    const stored = runtime.rawsAfter(0).map((r) => JSON.parse(r) as CutoverEvent);
    expect(stored.filter((e) => e.commandId === rollback.id).map((e) => [e.type, e.part])).toEqual([
      ['decision.recorded', [0, 2]],
      ['rollback.started', [1, 2]],
    ]);
    expect(runtime.state.decisions).toHaveLength(1);
    await until(approver, (c) => c.status === 'live' && c.state.seq === stored.length, 8000, 'approver back');
    expect(approver.state.decisions).toHaveLength(1);
  });

  it('does not change what customers are told: the banner reads what was stored', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('message.send', { text: 'Under way', bannerText: 'Maintenance is under way', state: 'in_progress', destinations: ['banner'] }).done;
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    await waitFor(() => Object.values(runtime.durable.messages).some((m) => m.deliveries.banner?.status === 'sent'), 'the banner to go up');
    const banner = async () => (await (await fetch(`${t.hub.url}/banner/${t.cutoverId}.json`)).json()) as BannerView;
    const before = await banner();
    expect(before).toMatchObject({ active: true, until: null });
    expect(before.eta).not.toBeNull();

    // The journal's handle goes bad (EBADF, as a lost handle does): the abort cannot be written.
    const store = journalOnLoop();
    const good = store.fh as { close(): Promise<void> };
    store.fh = await open(join(t.dir, 'cutovers', t.cutoverId, 'journal.jsonl'), 'r');
    try {
      let answer: string | null = null;
      void outcome(lead.send('cutover.finish', { outcome: 'aborted', reason: 'testing the abort button' }).done).then((a) => (answer = a));
      await until(lead, (c) => c.status !== 'live', 5000, 'the lead to hear the hub cannot record');
      expect(answer).toBeNull();
      // Still under way, with its ETA (projected from now, so it moves with the clock): not ended.
      const after = await banner();
      expect({ ...after, eta: after.eta !== null }).toEqual({ ...before, eta: true });
      expect(runtime.state.status).toBe('in_progress');
    } finally {
      await good.close();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { useCutover } from '../../../renderer/connection/cutoverStore';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';

let t: TestHub;
let detach: (() => void) | null = null;
afterEach(async () => {
  detach?.();
  await t?.stop();
});

describe('the cutover store on a busy night', () => {
  it("keeps the same pending list while others' events arrive, so the runbook is not redrawn for them", async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dan = t.client('operator', 'Dan');
    await Promise.all([live(lead), live(dan)]);
    detach = useCutover.getState().attach(dan);

    const before = useCutover.getState().pending;
    const seq = (await lead.send('note.add', { text: 'replication lag 2s', severity: 'info' }).done)[0]!;
    await until(dan, (c) => c.state.seq >= seq);
    expect(useCutover.getState().state.seq).toBeGreaterThanOrEqual(seq);
    expect(useCutover.getState().pending).toBe(before);

    // Its own command still shows while it is in flight, and is gone once acknowledged.
    const mine = dan.send('note.add', { text: 'switching over', severity: 'info' });
    expect(useCutover.getState().pending.map((c) => c.id)).toEqual([mine.id]);
    await mine.done;
    await until(dan, (c) => c.pending.length === 0);
    expect(useCutover.getState().pending).toEqual([]);
  });
});

import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../../electron/hub/hub';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';

/*
 * A hub whose history went back and grew again. The folder is restored from a backup taken
 * before the lead started and finished step a; an operator then adds notes, so the hub is past
 * the seq the lead's laptop last had. The laptop, waking, asked for what came after its seq
 * and was given it: it showed step a done, on a night where it is pending, for good.
 */

let t: TestHub;
afterEach(async () => t?.stop());

describe('a window that remembers a history the hub no longer has', () => {
  it('starts over from the hub’s history, even when the hub has grown past it', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const folder = join(t.dir, 'cutovers', t.cutoverId);
    await copyFile(join(folder, 'journal.jsonl'), join(t.dir, 'backup.jsonl'));
    await lead.send('step.start', { stepId: 'a' }).done;
    await lead.send('step.complete', { stepId: 'a' }).done;
    const leadSeq = lead.state.seq;
    lead.stop(); // the laptop sleeps

    const port = t.hub.port;
    await t.hub.close();
    await copyFile(join(t.dir, 'backup.jsonl'), join(folder, 'journal.jsonl'));
    await rm(join(folder, 'snapshot.json'), { force: true });
    t.hub = await startHub({ dataDir: t.dir, port, log: () => undefined });
    const operator = t.client('operator', 'Omar');
    await live(operator);
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    while (runtime.durableSeq <= leadSeq) await operator.send('note.add', { text: `Copy at ${runtime.durableSeq} GB` }).done;

    lead.start(); // it wakes
    await until(lead, (c) => c.status === 'live' && c.state.seq === runtime.durableSeq, 8000, 'the lead back and caught up');
    expect(lead.state.steps['a']!.status).toBe('pending');
    expect(lead.events.map((e) => e.seq)).toEqual(Array.from({ length: runtime.durableSeq }, (_, i) => i + 1));
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';
import { holdThreadPool, settlesWithin } from '../../support/threadPool';

const notes = (c: HubClient) => c.events.flatMap((e) => (e.type === 'note.added' ? [e.payload.text] : []));

let t: TestHub | null = null;
let release: (() => Promise<void>) | null = null;
afterEach(async () => {
  await release?.();
  release = null;
  await t?.stop();
  t = null;
});

describe.skipIf(process.platform === 'win32')("the hub while libuv's thread pool is taken", () => {
  it('acknowledges a command and shows it to everyone while slow lookups hold every pool thread', async () => {
    // The disk counts as quick however loaded the suite leaves it: a write that took 2 ms would
    // rightly send the ones after it to the pool (writePlace.test.ts covers when).
    t = await startTestHub({ slowJournalWriteMs: 60_000 });
    const lead = t.client('lead', 'Lena');
    const operator = t.client('operator', 'Dan');
    await live(lead);
    await live(operator);
    await lead.send('note.add', { text: 'before', severity: 'info' }).done;

    // What four hung DNS lookups of an HTTP check's host, or a large archive's gzip, do to the pool.
    ({ release } = holdThreadPool(t.dir));
    expect(await settlesWithin(lead.send('note.add', { text: 'Replica lag 40 s: holding the switch', severity: 'issue' }).done, 3000)).toBe(true);
    await until(operator, (c) => notes(c).includes('Replica lag 40 s: holding the switch'), 3000, "the operator's copy of the note");

    await release!();
    release = null;
    await lead.send('note.add', { text: 'after', severity: 'info' }).done;
    await until(operator, (c) => notes(c).includes('after'), 3000, 'the last note');
    expect(notes(operator)).toEqual(['before', 'Replica lag 40 s: holding the switch', 'after']);
  });
});

import { readFile, rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { tempDir } from '../../support/hubHarness';
import { noteRecord as event } from '../../support/journalRecords';
import { holdThreadPool, settlesWithin } from '../../support/threadPool';

let dir = '';
let release: (() => Promise<void>) | null = null;
afterEach(async () => {
  await release?.();
  release = null;
  await rm(dir, { recursive: true, force: true });
});

/** A journal in a fresh folder, its writes slow from `slowWriteMs` on, with its first note written; and what it logs. */
async function openJournal(slowWriteMs: number): Promise<{ journal: FileJournal; logged: string[] }> {
  dir = await tempDir('warroom-journal-');
  const logged: string[] = [];
  const journal = new FileJournal(dir, { log: (m) => logged.push(m), slowWriteMs });
  await journal.open();
  await journal.append([event(1)]);
  return { journal, logged };
}

describe.skipIf(process.platform === 'win32')("the journal's writes and the thread pool", () => {
  it('makes an append durable while every thread of the pool is held, when the disk is quick', async () => {
    // However loaded the suite leaves the disk, it counts as quick here (writePlace.test.ts covers when it does not).
    const { journal, logged } = await openJournal(60_000);

    ({ release } = holdThreadPool(dir));
    // Four slow DNS lookups would hold the pool like this; the command's write must not wait for them.
    expect(await settlesWithin(journal.append([event(2)]), 3000)).toBe(true);
    expect(await settlesWithin(Promise.all([journal.append([event(3)]), journal.append([event(4)])]), 3000)).toBe(true);

    await release!();
    release = null;
    await journal.close();
    expect((await readFile(journal.path, 'utf8')).trim().split('\n')).toHaveLength(4);
    expect(logged).toEqual([]);
  });

  it('hands writes to the pool once one stalled, and says so in the log', async () => {
    // Every write counts as a stall: the first is made on the loop, the ones after in the pool.
    const { journal, logged } = await openJournal(0);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      /journal\.jsonl: a journal write took \d+\.\d ms: writes go to the thread pool until 100 in a row, or 1 s of them \(8 at least\), pass without a stall/,
    );

    const held = holdThreadPool(dir);
    release = held.release;
    const second = journal.append([event(2)]);
    expect(await settlesWithin(second, 300)).toBe(false);
    await held.release();
    release = null;
    expect(await settlesWithin(second, 3000)).toBe(true);
    await journal.close();
    expect((await readFile(journal.path, 'utf8')).trim().split('\n')).toHaveLength(2);
  });
});

import { constants } from 'node:fs';
import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { tempDir } from '../../support/hubHarness';

/** The open flags of this process's descriptor for `path`, as the kernel reports them (octal in /proc). */
async function openFlags(path: string): Promise<number | null> {
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target !== path) continue;
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8');
    return parseInt(/flags:\s+([0-7]+)/.exec(info)![1]!, 8);
  }
  return null;
}

let dir = '';
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe.skipIf(process.platform !== 'linux')('the journal on Linux', () => {
  it('writes each batch O_DSYNC, so one write is the whole trip to the disk, and what it resolves is on disk', async () => {
    dir = await tempDir();
    const journal = new FileJournal(dir);
    await journal.open();
    const flags = await openFlags(journal.path);
    expect(flags).not.toBeNull();
    expect(flags! & constants.O_DSYNC).toBe(constants.O_DSYNC);
    expect(flags! & constants.O_APPEND).toBe(constants.O_APPEND);

    const raw = JSON.stringify({ v: 1, seq: 1, ts: 1, actor: { id: 'hub', name: 'Hub', role: 'system' }, type: 'note.added', payload: {} });
    await journal.append([raw]);
    expect(await readFile(journal.path, 'utf8')).toContain(raw);
    await journal.close();
  });
});

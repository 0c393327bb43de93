import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { tempDir } from '../../support/hubHarness';
import { noteRecord as event } from '../../support/journalRecords';

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

async function journalWith(n: number): Promise<{ dir: string; path: string; whole: Buffer }> {
  const dir = await tempDir('warroom-tail-');
  dirs.push(dir);
  const j = new FileJournal(dir);
  await j.open();
  await j.append(Array.from({ length: n }, (_, i) => event(i + 1)));
  await j.close();
  return { dir, path: j.path, whole: await readFile(j.path) };
}

async function reopen(dir: string) {
  const j = new FileJournal(dir);
  try {
    return await j.open();
  } finally {
    await j.close();
  }
}

describe('the tail of a journal', () => {
  it('keeps a complete record whose trailing newline was damaged, and keeps the damaged byte beside the journal', async () => {
    const { dir, path, whole } = await journalWith(5);
    const damaged = Buffer.from(whole);
    damaged[damaged.length - 1] = 0x78; // the last newline became an "x"
    await writeFile(path, damaged);
    const h = await reopen(dir);
    expect(h.raws).toHaveLength(5);
    expect(h.raws[4]).toBe(event(5));
    expect(h.recovered).toEqual({ droppedBytes: 1, atOffset: whole.length - 1 });
    expect(await readFile(path)).toEqual(whole); // the newline is back, nothing else changed
    expect(await readFile(join(dir, `journal.jsonl.torn-${whole.length - 1}`), 'utf8')).toBe('x');
  });

  it('keeps a complete last record that lost only its newline', async () => {
    const { dir, path, whole } = await journalWith(3);
    await writeFile(path, whole.subarray(0, whole.length - 1));
    const h = await reopen(dir);
    expect(h.raws).toHaveLength(3);
    expect(await readFile(path)).toEqual(whole);
  });

  it('keeps a complete record followed by the start of the next one on the same damaged line', async () => {
    const { dir, path, whole } = await journalWith(4);
    const lines = whole.toString('utf8').split('\n');
    const firstThree = Buffer.from(lines.slice(0, 3).join('\n') + '\n');
    // Record 4 complete, its newline flipped, then a torn record 5.
    const torn = Buffer.from(`${lines[3]}\u0000{"c":"1234`);
    await writeFile(path, Buffer.concat([firstThree, torn]));
    const h = await reopen(dir);
    expect(h.raws).toHaveLength(4);
    const cutAt = whole.length - 1;
    expect(h.recovered).toEqual({ droppedBytes: torn.length - Buffer.byteLength(lines[3]!), atOffset: cutAt });
    expect(await readFile(path)).toEqual(whole);
    expect(await readFile(join(dir, `journal.jsonl.torn-${cutAt}`), 'utf8')).toBe('\u0000{"c":"1234');
  });

  it('keeps the bytes it cuts beside the journal before truncating', async () => {
    const { dir, path, whole } = await journalWith(3);
    const partial = Buffer.from('{"c":"0badf00d","r":{"v":1,"seq":4,"ts"');
    await writeFile(path, Buffer.concat([whole, partial]));
    const h = await reopen(dir);
    expect(h.recovered).toEqual({ droppedBytes: partial.length, atOffset: whole.length });
    expect(await readFile(path)).toEqual(whole);
    expect(await readFile(join(dir, `journal.jsonl.torn-${whole.length}`))).toEqual(partial);
    expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses, and changes nothing, when the tail holds a valid record that does not follow on', async () => {
    const { dir, path, whole } = await journalWith(3);
    const lines = whole.toString('utf8').split('\n');
    const repeated = Buffer.concat([whole, Buffer.from(lines[1]!)]); // record 2 again, without a newline
    await writeFile(path, repeated);
    await expect(reopen(dir)).rejects.toMatchObject({ line: 4, problem: 'expected seq 4, found 2' });
    expect(await readFile(path)).toEqual(repeated);
    expect(await readdir(dir)).toEqual(['journal.jsonl']);
  });
});

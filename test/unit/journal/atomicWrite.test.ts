import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../../electron/hub/storage/atomicWrite';
import { tempDir } from '../../support/hubHarness';

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

const newDir = async () => {
  const d = await tempDir('warroom-atomic-');
  dirs.push(d);
  return d;
};

describe('the atomic-write helper', () => {
  it('lets overlapping writes to one file all complete, leaving one whole version and no temporary file', async () => {
    const dir = await newDir();
    const file = join(dir, 'snapshot.json');
    const versions = Array.from({ length: 20 }, (_, i) => JSON.stringify({ version: i, pad: 'x'.repeat(10_000) }));
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(await readFile(file, 'utf8'));
    expect(await readdir(dir)).toEqual(['snapshot.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('removes its temporary file when the write fails', async () => {
    const dir = await newDir();
    const target = join(dir, 'invites.json');
    await mkdir(target); // a folder where the file should go: the rename fails
    await expect(writeFileAtomic(target, '[]')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['invites.json']);
    expect(() => writeFileAtomicSync(target, '[]')).toThrow();
    expect(await readdir(dir)).toEqual(['invites.json']);
  });

  it('writes bytes and text the same way synchronously', async () => {
    const dir = await newDir();
    writeFileAtomicSync(join(dir, 'a'), Buffer.from([0, 1, 2, 255]));
    writeFileAtomicSync(join(dir, 'b'), 'ünï');
    expect(await readFile(join(dir, 'a'))).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(await readFile(join(dir, 'b'), 'utf8')).toBe('ünï');
    expect((await readdir(dir)).sort()).toEqual(['a', 'b']);
  });
});

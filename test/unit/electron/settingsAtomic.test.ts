import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as atomic from '../../../electron/hub/storage/atomicWrite';
import { openTestSettings, settingsFile, tempDir } from './fakes';

// Spied on, not replaced: the real write still happens.
vi.mock('../../../electron/hub/storage/atomicWrite', async (importOriginal) => {
  const real = await importOriginal<typeof atomic>();
  return { ...real, writeFileAtomicSync: vi.fn(real.writeFileAtomicSync) };
});

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
  vi.mocked(atomic.writeFileAtomicSync).mockClear();
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('the settings file is rewritten with the one atomic write', () => {
  it('writes every change through it, in the format the backend reads back', () => {
    const settings = openTestSettings(dir);
    settings.patch({ displayName: 'Dana' });
    settings.writeSecret('invite:local|c-1', 'Y2lwaGVy');
    const paths = vi.mocked(atomic.writeFileAtomicSync).mock.calls.map((c) => c[0]);
    expect(paths).toEqual([settingsFile(dir), settingsFile(dir)]);
    expect(openTestSettings(dir).get().displayName).toBe('Dana');
    expect(openTestSettings(dir).readSecret('invite:local|c-1')).toBe('Y2lwaGVy');
    expect(readFileSync(settingsFile(dir), 'utf8')).toContain('\n\t"displayName": "Dana"');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

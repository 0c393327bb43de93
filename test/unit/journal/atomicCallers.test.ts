import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyCutoverState } from '@shared/cutover';
import { InviteStore } from '../../../electron/hub/auth/tokens';
import { FileJournal } from '../../../electron/hub/journal/fileJournal';
import { HubVault } from '../../../electron/hub/secrets/vault';
import * as atomic from '../../../electron/hub/storage/atomicWrite';
import { tempDir } from '../../support/hubHarness';

// Spied on, not replaced: the real write still happens.
vi.mock('../../../electron/hub/storage/atomicWrite', async (importOriginal) => {
  const real = await importOriginal<typeof atomic>();
  return { ...real, writeFileAtomic: vi.fn(real.writeFileAtomic) };
});

let dir: string;
beforeEach(async () => {
  dir = await tempDir('warroom-atomic-callers-');
  vi.mocked(atomic.writeFileAtomic).mockClear();
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const written = () => vi.mocked(atomic.writeFileAtomic).mock.calls.map((c) => c[0]);

describe('every file the hub rewrites goes through the one atomic write', () => {
  it('the vault', async () => {
    await HubVault.open(dir, randomBytes(32), {}).set('replica-password', 'not-a-real-secret');
    expect(written()).toEqual([join(dir, 'secrets.enc')]);
  });

  it('the invites and the snapshot', async () => {
    await new InviteStore(dir).issue('lead', { now: 1 });
    const journal = new FileJournal(dir);
    await journal.open();
    await journal.append([
      JSON.stringify({
        v: 1,
        seq: 1,
        ts: 1,
        actor: { id: 'hub', name: 'Hub', role: 'system' },
        type: 'note.added',
        payload: { noteId: 'n', text: 't', severity: 'info' },
      }),
    ]);
    await journal.writeSnapshot(1, { ...emptyCutoverState(), seq: 1 }, []);
    await journal.close();
    expect(written()).toEqual([join(dir, 'invites.json'), join(dir, 'snapshot.json')]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

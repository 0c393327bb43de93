import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WarroomApi } from '@shared/ipc/api';
import { ReviewDraftSchema } from '@shared/ipc/contract';
import { draftPathFor, ReviewDrafts } from '../../../electron/reviewDrafts';
import { writeFileAtomic } from '../../../electron/hub/storage/atomicWrite';
import { desktopDraftStore } from '../../../renderer/features/review/draftStore';
import { tempDir } from '../../support/hubHarness';

/*
 * The review's desktop draft store against the main process's real ReviewDrafts on real
 * files (the IPC in between is checked in test/unit/electron/reviewDrafts.test.ts): every
 * keystroke is a save, the disk is slow, and the file must end with the last text typed.
 */

async function desktopFor(archive: string, slowWrites: Promise<void>[], written: string[] = []) {
  const drafts = new ReviewDrafts((p) => p === archive, Date.now, {
    // Each write waits for the test to let it through: a slow disk, in the test's hands.
    writeAtomic: async (path, data) => {
      written.push((JSON.parse(data) as { text: string }).text);
      await slowWrites.shift();
      await writeFileAtomic(path, data);
    },
  });
  const api: Pick<WarroomApi, 'draft'> = {
    draft: {
      load: (t) => drafts.load(t),
      save: (r) => drafts.save({ archive: r.archive, draft: ReviewDraftSchema.parse(r.draft) }),
      discard: (t) => drafts.discard(t),
    },
  };
  return desktopDraftStore(api, archive, 'night.warroom.json');
}

const open = () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
};

describe('the review’s drafts beside the archive, on the desktop', () => {
  it('writes one at a time and ends with the last text typed, never an older one that finished late', async () => {
    const dir = await tempDir();
    const archive = join(dir, 'night.warroom.json');
    await writeFile(archive, '{}');
    const first = open();
    const written: string[] = [];
    const store = await desktopFor(archive, [first.gate], written);
    expect(store.where).toBe('beside the archive (night.warroom.draft.json)');

    const typed = [store.save('sum-1', { text: 'P', actions: [], savedAt: 0 })];
    // "P" is being written (the disk holds it); three more keystrokes come meanwhile.
    await expect.poll(() => written).toEqual(['P']);
    typed.push(...['Po', 'Pos', 'Post'].map((text, i) => store.save('sum-1', { text, actions: [], savedAt: i + 1 })));
    first.release();
    expect(await Promise.all(typed)).toEqual([null, null, null, null]);
    // One write at a time: "P", then only the newest of those that waited.
    expect(written).toEqual(['P', 'Post']);
    const onDisk = JSON.parse(await readFile(draftPathFor(archive), 'utf8')) as { text: string; checksum: string };
    expect(onDisk).toMatchObject({ text: 'Post', checksum: 'sum-1' });
    expect(await store.load('sum-1')).toEqual({ draft: { text: 'Post', actions: [], savedAt: 3 }, error: null });
  });

  it('offers a draft kept for another version of the file as such, and discards in turn', async () => {
    const dir = await tempDir();
    const archive = join(dir, 'night.warroom.json');
    await writeFile(archive, '{}');
    const store = await desktopFor(archive, []);
    await store.save('sum-old', { text: 'Edited before the archive was replaced', actions: [], savedAt: 1 });
    // The archive was exported again over the file: the team's words are offered, not written over unseen.
    expect(await store.load('sum-new')).toEqual({
      draft: { text: 'Edited before the archive was replaced', actions: [], savedAt: 1, otherVersion: true },
      error: null,
    });
    expect(JSON.parse(await readFile(draftPathFor(archive), 'utf8'))).toMatchObject({ text: 'Edited before the archive was replaced' });
    const saving = store.save('sum-new', { text: 'New', actions: [], savedAt: 2 });
    const discarding = store.discard('sum-new');
    expect(await Promise.all([saving, discarding])).toEqual([null, null]);
    expect(await store.load('sum-new')).toEqual({ draft: null, error: null });
  });

  it('says why when the archive was not opened through the desktop’s dialog, or the main process does not answer', async () => {
    const refused = new ReviewDrafts(() => false);
    const notOpened = desktopDraftStore(
      {
        draft: {
          load: (t) => refused.load(t),
          save: (r) => refused.save({ archive: r.archive, draft: ReviewDraftSchema.parse(r.draft) }),
          discard: (t) => refused.discard(t),
        },
      },
      '/x.json',
      'x.json',
    );
    const reason = 'Warroom keeps a draft only beside an archive opened here with “Open an archive…”; this file was not.';
    expect(await notOpened.load('k')).toEqual({ draft: null, error: reason });
    expect(await notOpened.save('k', { text: 't', actions: [], savedAt: 1 })).toBe(reason);
    const gone = () => Promise.reject(new Error('the main process is gone'));
    const silent = desktopDraftStore({ draft: { load: gone, save: gone, discard: gone } }, '/x.json', 'x.json');
    expect(await silent.save('k', { text: 't', actions: [], savedAt: 1 })).toBe('The draft could not be kept beside the archive: the main process is gone');
    // A failed write does not stop the next one from being tried.
    expect(await silent.save('k', { text: 'tt', actions: [], savedAt: 2 })).toBe('The draft could not be kept beside the archive: the main process is gone');
  });
});

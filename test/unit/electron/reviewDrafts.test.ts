import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ipcContract, ReviewDraft } from '@shared/ipc/contract';
import type { DesktopFiles, DialogLike } from '../../../electron/archives';
import { registerIpc } from '../../../electron/ipc';
import type { InvokeEvent, IpcMainLike } from '../../../electron/ipc/handle';
import { DRAFT_FORMAT, draftPathFor, parseDraftFile } from '../../../electron/reviewDrafts';
import { startDesktop, type TestDesktop } from './desktop';
import { tempDir } from './fakes';

/*
 * The review's draft beside its archive, through the real IPC handlers of a real desktop
 * (its services on real files), with only the open dialog faked: the window names an archive
 * it opened, the main process derives the draft's path, and writes it atomically.
 */

const appUrl = 'file:///opt/Warroom/resources/app.asar/dist/renderer/index.html';
const ours: InvokeEvent = { senderFrame: { url: `${appUrl}#/review` } };

let desktop: TestDesktop | undefined;
afterEach(async () => {
  await desktop?.close();
  desktop = undefined;
});

const DRAFT: ReviewDraft = { checksum: 'sha256-abc', text: '# Postmortem\n\n## Summary\n\nThe switch took 45 min.\n', actions: [], savedAt: 1_777_500_000_000 };

/** The desktop's IPC, with an open dialog that picks the paths given in turn. */
async function wire(picks: string[]) {
  desktop = await startDesktop();
  const handlers = new Map<string, (event: InvokeEvent, payload: unknown) => Promise<unknown>>();
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const dialog: DialogLike = {
    showSaveDialog: () => Promise.resolve({ canceled: true }),
    showOpenDialog: () => Promise.resolve({ canceled: false, filePaths: [picks.shift()!] }),
  };
  const files: DesktopFiles = { dialog, printToPdf: () => Promise.reject(new Error('no printer here')) };
  class NoNotification {
    static isSupported = () => false;
    show(): void {}
  }
  registerIpc(appUrl, desktop, {
    ipcMain,
    Notification: NoNotification,
    appInfo: () => ({ version: '0.1.0', platform: 'linux' }),
    warn: () => undefined,
    desktopFiles: files,
  });
  return (channel: keyof typeof ipcContract, payload?: unknown, event: InvokeEvent = ours) => handlers.get(channel)!(event, payload);
}

async function archiveIn(dir: string, name = 'orders.warroom.json'): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, '{"format":"warroom-archive"}');
  return path;
}

describe('draft:* beside the opened archive', () => {
  it('keeps the draft in <archive>.draft.json, atomically, and gives it back until it is discarded', async () => {
    const dir = await tempDir();
    const archive = await archiveIn(dir);
    const invoke = await wire([archive]);
    expect(await invoke('archive:open')).toMatchObject({ ok: true, fileName: 'orders.warroom.json', path: archive });
    expect(await invoke('draft:load', { archive })).toEqual({ ok: true, draft: null });

    expect(await invoke('draft:save', { archive, draft: DRAFT })).toEqual({ ok: true, reason: null });
    const file = join(dir, 'orders.warroom.draft.json');
    expect(draftPathFor(archive)).toBe(file);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ format: DRAFT_FORMAT, version: 1, ...DRAFT });
    // Only the owner reads it, and no temporary file is left behind.
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['orders.warroom.draft.json', 'orders.warroom.json']);

    const later = { ...DRAFT, text: `${DRAFT.text}\n## Root cause and trigger\n\nThe drain was not rehearsed.\n`, savedAt: DRAFT.savedAt + 60_000 };
    expect(await invoke('draft:save', { archive, draft: later })).toEqual({ ok: true, reason: null });
    expect(await invoke('draft:load', { archive })).toEqual({ ok: true, draft: later });

    expect(await invoke('draft:discard', { archive })).toEqual({ ok: true, reason: null });
    expect(await readdir(dir)).toEqual(['orders.warroom.json']);
    expect(await invoke('draft:load', { archive })).toEqual({ ok: true, draft: null });
    // Discarding twice is no error: there is simply nothing left.
    expect(await invoke('draft:discard', { archive })).toEqual({ ok: true, reason: null });
  });

  it('refuses every path but an archive the user opened through the dialog, and writes nothing', async () => {
    const dir = await tempDir();
    const archive = await archiveIn(dir);
    const other = await archiveIn(dir, 'other.warroom.json');
    const invoke = await wire([archive]);
    const reason = 'Warroom keeps a draft only beside an archive opened here with “Open an archive…”; this file was not.';
    // Before it was opened, the archive itself is refused too.
    expect(await invoke('draft:save', { archive, draft: DRAFT })).toEqual({ ok: false, reason });
    await invoke('archive:open');
    for (const path of [other, '/etc/passwd', 'orders.warroom.json', join(dir, 'sub', '..', '..', 'orders.warroom.json'), draftPathFor(archive)]) {
      expect(await invoke('draft:save', { archive: path, draft: DRAFT })).toEqual({ ok: false, reason });
      expect(await invoke('draft:load', { archive: path })).toEqual({ ok: false, reason });
      expect(await invoke('draft:discard', { archive: path })).toEqual({ ok: false, reason });
    }
    expect((await readdir(dir)).sort()).toEqual(['orders.warroom.json', 'other.warroom.json']);
    // A path that resolves to the opened archive is that archive.
    expect(await invoke('draft:save', { archive: join(dir, 'sub', '..', 'orders.warroom.json'), draft: DRAFT })).toEqual({ ok: true, reason: null });

    // Outside the contract: refused before any handler runs.
    await expect(invoke('draft:save', { archive, draft: { ...DRAFT, text: 'x'.repeat(5_000_001) } })).rejects.toThrow(/draft:save: refused, draft\.text:/);
    await expect(invoke('draft:save', { archive, draft: { ...DRAFT, actions: [{ title: 'No owner' }] } })).rejects.toThrow(/draft:save: refused/);
    await expect(invoke('draft:load', { archive }, { senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow(
      /refused, the sender is not the Warroom window/,
    );
  });

  it('never writes a draft over another archive opened here', async () => {
    const dir = await tempDir();
    const archive = await archiveIn(dir, 'night.json');
    const second = await archiveIn(dir, 'night.draft.json');
    const invoke = await wire([archive, second]);
    await invoke('archive:open');
    await invoke('archive:open');
    expect(await invoke('draft:save', { archive, draft: DRAFT })).toEqual({
      ok: false,
      reason: `The draft would be kept in ${second}, which is an archive opened here; rename one of them.`,
    });
    expect(await readFile(second, 'utf8')).toBe('{"format":"warroom-archive"}');
  });

  it('moves an unreadable draft aside, whole, says so in a sentence, and keeps new edits in its place', async () => {
    const dir = await tempDir();
    const archive = await archiveIn(dir);
    const invoke = await wire([archive]);
    await invoke('archive:open');
    const file = draftPathFor(archive);
    const moved = (why: string) => {
      const aside = async () => (await readdir(dir)).filter((f) => f.includes('.unreadable-'));
      return {
        aside,
        reason: (name: string) =>
          `The draft kept beside this archive (${file}) could not be read: ${why}. It was moved to ${join(dir, name)}; new edits are kept in its place.`,
      };
    };

    const torn = '{"format":"warroom-review-draft","version":1,"text":"cut sh';
    await writeFile(file, torn);
    const first = moved('it is not JSON (damaged or cut short)');
    const answer = (await invoke('draft:load', { archive })) as { ok: boolean; reason: string };
    const [aside] = await first.aside();
    expect(answer).toEqual({ ok: false, reason: first.reason(aside!) });
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(torn);
    // Its place is free: the next edit is kept, and the moved file is untouched.
    expect(await invoke('draft:save', { archive, draft: DRAFT })).toEqual({ ok: true, reason: null });
    expect(await invoke('draft:load', { archive })).toEqual({ ok: true, draft: DRAFT });
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(torn);

    expect(parseDraftFile(JSON.stringify({ format: DRAFT_FORMAT, version: 2, ...DRAFT }))).toEqual({ ok: false, why: 'it was made by a newer Warroom' });
    expect(parseDraftFile(JSON.stringify({ format: 'something-else' }))).toEqual({ ok: false, why: 'it is not a Warroom review draft' });
    expect(parseDraftFile(JSON.stringify({ format: DRAFT_FORMAT, version: 1, ...DRAFT, savedAt: -1 }))).toEqual({
      ok: false,
      why: 'savedAt: Too small: expected number to be >=0',
    });
  });

  it('says why when the draft cannot be written, leaving no temporary file', async () => {
    const dir = await tempDir();
    const archive = await archiveIn(dir);
    const invoke = await wire([archive]);
    await invoke('archive:open');
    const file = draftPathFor(archive);
    // The draft's name taken by a folder: the write fails whole, and its temporary file is gone.
    await mkdir(join(file, 'inside'), { recursive: true });
    const failed = (await invoke('draft:save', { archive, draft: DRAFT })) as { ok: boolean; reason: string };
    expect(failed.ok).toBe(false);
    expect(failed.reason).toMatch(/^The draft could not be kept beside the archive \(.+\.draft\.json\): E[A-Z]+\. Your text is still on screen\.$/);
    expect((await readdir(dir)).sort()).toEqual(['orders.warroom.draft.json', 'orders.warroom.json']);
    expect(await invoke('draft:load', { archive })).toEqual({
      ok: false,
      reason: `The draft kept beside this archive (${file}) could not be read: EISDIR. It was left as it is.`,
    });
  });
});

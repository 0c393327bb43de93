import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeArchive } from '@shared/archive';
import { Archives, type DesktopFiles, type DialogLike } from '../../../electron/archives';
import { registerIpc } from '../../../electron/ipc';
import type { InvokeEvent, IpcMainLike } from '../../../electron/ipc/handle';
import { inviteKey, localInviteKey } from '../../../electron/secrets';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';
import { startDesktop, WINDOW, type TestDesktop } from './desktop';
import { tempDir } from './fakes';

/*
 * The archive channels in Node: a real desktop (its own real hub, real files), a real
 * remote hub over real HTTP, and only the dialogs and the PDF printer faked. The Electron
 * module that does those two for real is checked at the end with Electron mocked.
 */

const electronMock = vi.hoisted(() => {
  type Listener = (details: { url: string }, callback: (answer: { cancel: boolean }) => void) => void;
  const state = {
    windows: [] as { options: Record<string, unknown>; loaded: string | null; loadedText: string | null; pageRefused: boolean | null; destroyed: boolean }[],
    onBeforeRequest: null as Listener | null,
    partitions: [] as string[],
    printed: 0,
  };
  class BrowserWindow {
    static getFocusedWindow = () => null;
    record: (typeof state.windows)[number];
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: null, loadedText: null, pageRefused: null, destroyed: false };
      state.windows.push(this.record);
    }
    loadFile = async (file: string) => {
      const { readFile: read } = await import('node:fs/promises');
      const { pathToFileURL } = await import('node:url');
      this.record.loaded = file;
      this.record.loadedText = await read(file, 'utf8');
      state.onBeforeRequest?.({ url: pathToFileURL(file).href }, ({ cancel }) => void (this.record.pageRefused = cancel));
    };
    webContents = {
      printToPDF: async () => {
        state.printed++;
        return Buffer.from('%PDF-1.7 fake');
      },
    };
    destroy = () => void (this.record.destroyed = true);
  }
  return {
    state,
    module: {
      app: { getPath: () => '/home/dana/Documents' },
      BrowserWindow,
      dialog: {
        showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
        showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      },
      session: {
        fromPartition: (name: string) => {
          state.partitions.push(name);
          return { webRequest: { onBeforeRequest: (l: Listener) => void (state.onBeforeRequest = l) } };
        },
      },
    },
  };
});
vi.mock('electron', () => electronMock.module);

let desktop: TestDesktop | undefined;
let remote: TestHub | undefined;
let server: Server | undefined;
afterEach(async () => {
  await desktop?.close();
  await remote?.stop();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  desktop = remote = server = undefined;
});

const fromTemplate = { title: 'Orders', window: WINDOW, isRehearsal: false, source: { kind: 'template' as const, templateId: 'database-cutover' } };

/** A dialog that answers with the next path given (null: the user cancels) and remembers what it was asked. */
function fakeDialog(answers: (string | null)[]) {
  const asked: { kind: 'save' | 'open'; options: Record<string, unknown> }[] = [];
  const dialog: DialogLike = {
    showSaveDialog: (options) => {
      asked.push({ kind: 'save', options });
      const path = answers.shift() ?? null;
      return Promise.resolve(path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path });
    },
    showOpenDialog: (options) => {
      asked.push({ kind: 'open', options });
      const path = answers.shift() ?? null;
      return Promise.resolve(path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [path] });
    },
  };
  return { dialog, asked };
}

function files(answers: (string | null)[], printToPdf: DesktopFiles['printToPdf'] = () => Promise.resolve(new Uint8Array(Buffer.from('%PDF-1.7 test')))) {
  const { dialog, asked } = fakeDialog(answers);
  return { files: { dialog, printToPdf, documentsDir: () => '/home/dana/Documents' } satisfies DesktopFiles, asked };
}

function archivesFor(d: TestDesktop, f: DesktopFiles | null, extra: { maxBytes?: number } = {}) {
  return new Archives({ local: () => d.hosting.local(), secrets: d.secrets, fetch: globalThis.fetch, files: f, now: () => Date.UTC(2026, 3, 30, 7), ...extra });
}

async function localCutover(d: TestDesktop) {
  const created = await d.memberships.create(fromTemplate);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return created.membership;
}

describe('archive:export', () => {
  it('saves the archive of a cutover on the desktop’s own hub where the user says', async () => {
    desktop = await startDesktop();
    const session = await localCutover(desktop);
    const out = await tempDir();
    const target = join(out, 'orders.warroom.json');
    const { files: f, asked } = files([target]);
    const result = await archivesFor(desktop, f).export({ cutoverId: session.cutoverId, hub: session.hub });
    expect(result).toEqual({ saved: true, path: target, reason: null });
    expect(asked).toEqual([{ kind: 'save', options: expect.objectContaining({ defaultPath: '/home/dana/Documents/orders-2026-04-29.warroom.json' }) }]);
    const decoded = await decodeArchive(await readFile(target, 'utf8'));
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.state).toEqual(desktop.hosting.local()!.hub.registry.get(session.cutoverId)!.runtime.state);
    expect(decoded.archive.exportedBy).toBe('lead');
    expect(decoded.archive.exportedAt).toBe(Date.UTC(2026, 3, 30, 7));
    const token = desktop.secrets.get(localInviteKey(session.cutoverId))!;
    expect(await readFile(target, 'utf8')).not.toContain(token);
  });

  it('fetches from another hub with the token this desktop keeps, which never reaches the window', async () => {
    desktop = await startDesktop();
    remote = await startTestHub();
    const lead = remote.client('lead', 'Lena');
    await live(lead);
    await lead.send('note.add', { text: 'Started from the office', severity: 'info' }).done;
    desktop.secrets.set(inviteKey(remote.hub.url, remote.cutoverId), remote.tokens.comms);
    const out = await tempDir();
    const target = join(out, 'remote.warroom.json');
    const { files: f, asked } = files([target]);
    const result = await archivesFor(desktop, f).export({ cutoverId: remote.cutoverId, hub: `${remote.hub.url}/` });
    expect(result).toEqual({ saved: true, path: target, reason: null });
    expect(JSON.stringify(result)).not.toContain(remote.tokens.comms);
    expect(asked[0]!.options.defaultPath).toBe('/home/dana/Documents/database-cutover-2026-04-29.warroom.json');
    const decoded = await decodeArchive(await readFile(target, 'utf8'));
    expect(decoded.ok && decoded.state).toEqual(remote.hub.registry.get(remote.cutoverId)!.runtime.state);
  });

  it('says why when there is no archive to save, and asks nothing', async () => {
    desktop = await startDesktop();
    remote = await startTestHub();
    const { files: f, asked } = files(['/nowhere/never.json']);
    const archives = archivesFor(desktop, f);
    expect(await archives.export({ cutoverId: remote.cutoverId, hub: remote.hub.url })).toEqual({
      saved: false,
      path: null,
      reason: 'This desktop holds no invite for this cutover; join it again with its link.',
    });
    desktop.secrets.set(inviteKey(remote.hub.url, remote.cutoverId), 'revoked-or-never-valid');
    expect(await archives.export({ cutoverId: remote.cutoverId, hub: remote.hub.url })).toMatchObject({
      saved: false,
      reason: 'This invite token is not valid for this cutover',
    });
    const url = remote.hub.url;
    await remote.stop();
    remote = undefined;
    expect(await archives.export({ cutoverId: 'c-gone', hub: url })).toMatchObject({ saved: false });
    desktop.secrets.set(inviteKey(url, 'c-gone'), 'token');
    expect((await archives.export({ cutoverId: 'c-gone', hub: url })).reason).toBe(`Could not reach the hub at ${url}: ECONNREFUSED`);
    expect(asked).toEqual([]);
  });

  it('refuses what a hub sends if it is not an archive, or too big, before saving anything', async () => {
    desktop = await startDesktop();
    let answer: { status: number; body: string } = { status: 200, body: '{"format":"something-else"}' };
    server = createServer((_req, res) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const hub = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    desktop.secrets.set(inviteKey(hub, 'c-1'), 'token');
    const { files: f, asked } = files(['/nowhere/never.json']);
    const archives = archivesFor(desktop, f, { maxBytes: 1000 });
    expect((await archives.export({ cutoverId: 'c-1', hub })).reason).toBe(
      `The hub at ${hub} sent an archive Warroom cannot open: This file is not a Warroom archive: its format is "something-else", not "warroom-archive".`,
    );
    answer = { status: 200, body: 'x'.repeat(5000) };
    expect((await archives.export({ cutoverId: 'c-1', hub })).reason).toBe(
      'This file is too large to be opened as a Warroom archive (4.9 KB; the limit is 1000 bytes).',
    );
    answer = { status: 404, body: 'Not found' };
    expect((await archives.export({ cutoverId: 'c-1', hub })).reason).toBe(
      `The hub at ${hub} gave HTTP 404 for the archive (is it a Warroom hub of the same version?)`,
    );
    expect(asked).toEqual([]);
  });

  it('saves nothing when the user cancels, and says why when the file cannot be written', async () => {
    desktop = await startDesktop();
    const session = await localCutover(desktop);
    const out = await tempDir();
    const { files: f } = files([null, join(out, 'missing-folder', 'a.json')]);
    const archives = archivesFor(desktop, f);
    expect(await archives.export(session)).toEqual({ saved: false, path: null, reason: null });
    const failed = await archives.export(session);
    expect(failed).toEqual({ saved: false, path: null, reason: `The file could not be saved to ${join(out, 'missing-folder', 'a.json')}: ENOENT` });
    expect(await readdir(out)).toEqual([]);
  });
});

describe('archive:open', () => {
  it('returns the chosen file’s text for the window to check, and nothing when cancelled', async () => {
    desktop = await startDesktop();
    const session = await localCutover(desktop);
    const out = await tempDir();
    const saved = join(out, 'orders.warroom.json');
    const { files: f, asked } = files([saved, saved, null]);
    const archives = archivesFor(desktop, f);
    await archives.export(session);
    const opened = await archives.open();
    expect(opened).toEqual({ ok: true, text: await readFile(saved, 'utf8'), fileName: 'orders.warroom.json', path: saved });
    expect(asked[1]).toEqual({ kind: 'open', options: expect.objectContaining({ properties: ['openFile'] }) });
    expect(await archives.open()).toEqual({ ok: false, reason: null });
  });

  it('refuses a file too large, not UTF-8, or not a file, without reading it whole', async () => {
    desktop = await startDesktop();
    const out = await tempDir();
    await writeFile(join(out, 'big.json'), 'x'.repeat(4096));
    await writeFile(join(out, 'latin1.json'), Buffer.from([0x7b, 0xe9, 0x7d]));
    await mkdir(join(out, 'folder.json'));
    const { files: f } = files([join(out, 'big.json'), join(out, 'latin1.json'), join(out, 'folder.json'), join(out, 'absent.json')]);
    const archives = archivesFor(desktop, f, { maxBytes: 1024 });
    expect(await archives.open()).toEqual({ ok: false, reason: 'This file is too large to be opened as a Warroom archive (4 KB; the limit is 1 KB).' });
    expect(await archives.open()).toEqual({ ok: false, reason: 'This file is not a Warroom archive: it is not UTF-8 text.' });
    expect(await archives.open()).toEqual({ ok: false, reason: 'The file could not be read: it is a folder or a device, not a file.' });
    expect(await archives.open()).toEqual({ ok: false, reason: 'The file could not be read: ENOENT' });
  });
});

describe('postmortem:pdf', () => {
  it('prints the HTML and saves the PDF under the page’s title', async () => {
    desktop = await startDesktop();
    const out = await tempDir();
    const printed: string[] = [];
    const { files: f, asked } = files([join(out, 'pm.pdf')], (html) => {
      printed.push(html);
      return Promise.resolve(new Uint8Array(Buffer.from('%PDF-1.7 test')));
    });
    const html = '<!doctype html><html><head><title>Orders &amp; payments: postmortem</title></head><body><h1>Postmortem</h1></body></html>';
    expect(await archivesFor(desktop, f).pdf({ html })).toEqual({ saved: true, path: join(out, 'pm.pdf'), reason: null });
    expect(printed).toEqual([html]);
    expect(basename(asked[0]!.options.defaultPath as string)).toBe('orders-payments-postmortem.pdf');
    expect(await readFile(join(out, 'pm.pdf'), 'utf8')).toBe('%PDF-1.7 test');
  });

  it('says why when printing fails, and asks nothing', async () => {
    desktop = await startDesktop();
    const { files: f, asked } = files(['/x.pdf'], () => Promise.reject(new Error('the page did not print within 30 seconds')));
    expect(await archivesFor(desktop, f).pdf({ html: '<p>x</p>' })).toEqual({
      saved: false,
      path: null,
      reason: 'The PDF could not be made: the page did not print within 30 seconds',
    });
    expect(asked).toEqual([]);
  });
});

describe('the archive channels over IPC', () => {
  const appUrl = 'file:///opt/Warroom/resources/app.asar/dist/renderer/index.html';
  const ours: InvokeEvent = { senderFrame: { url: `${appUrl}#/review` } };

  function wire(d: TestDesktop, desktopFiles?: DesktopFiles) {
    const handlers = new Map<string, (event: InvokeEvent, payload: unknown) => Promise<unknown>>();
    const ipcMain: IpcMainLike = { handle: (channel, listener) => void handlers.set(channel, listener) };
    class NoNotification {
      static isSupported = () => false;
      show(): void {}
    }
    registerIpc(appUrl, d, {
      ipcMain,
      Notification: NoNotification,
      appInfo: () => ({ version: '0.1.0', platform: 'linux' }),
      warn: () => undefined,
      ...(desktopFiles ? { desktopFiles } : {}),
    });
    return (channel: string, payload?: unknown, event: InvokeEvent = ours) => handlers.get(channel)!(event, payload);
  }

  it('export, open and print within the contract, behind the sender and schema checks', async () => {
    desktop = await startDesktop();
    const session = await localCutover(desktop);
    const out = await tempDir();
    const { files: f } = files([join(out, 'a.warroom.json'), join(out, 'a.warroom.json'), join(out, 'pm.pdf')]);
    const invoke = wire(desktop, f);
    expect(await invoke('archive:export', { cutoverId: session.cutoverId, hub: session.hub })).toEqual({
      saved: true,
      path: join(out, 'a.warroom.json'),
      reason: null,
    });
    expect(await invoke('archive:open')).toMatchObject({ ok: true, fileName: 'a.warroom.json' });
    expect(await invoke('postmortem:pdf', { html: '<p>hi</p>' })).toEqual({ saved: true, path: join(out, 'pm.pdf'), reason: null });
    await expect(invoke('archive:export', { cutoverId: session.cutoverId, hub: 'not a url' })).rejects.toThrow(/archive:export: refused, hub:/);
    await expect(invoke('archive:open', { path: '/etc/passwd' })).rejects.toThrow(/archive:open: refused/);
    await expect(invoke('postmortem:pdf', { html: 'x'.repeat(20_000_001) })).rejects.toThrow(/postmortem:pdf: refused, html:/);
    await expect(invoke('archive:open', undefined, { senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow(
      /refused, the sender is not the Warroom window/,
    );
  });

  it('answer with a reason where there are no dialogs (not the desktop app)', async () => {
    desktop = await startDesktop();
    const invoke = wire(desktop);
    const reason = 'Files can only be saved and opened from the Warroom desktop app.';
    expect(await invoke('archive:export', { cutoverId: 'c-1', hub: 'http://127.0.0.1:1' })).toEqual({ saved: false, path: null, reason });
    expect(await invoke('archive:open')).toEqual({ ok: false, reason });
    expect(await invoke('postmortem:pdf', { html: '<p>hi</p>' })).toEqual({ saved: false, path: null, reason });
  });
});

describe('desktopFiles.ts, the Electron side (Electron mocked)', () => {
  it('prints in a hidden window with JavaScript off, a locked-down page and session, and cleans up', async () => {
    const { electronDesktopFiles } = await import('../../../electron/desktopFiles');
    const f = electronDesktopFiles();
    const pdf = await f.printToPdf('<html><head><title>PM</title></head><body><img src="https://tracker.example/p.gif"></body></html>');
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 fake');
    const [win] = electronMock.state.windows;
    expect(win!.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win!.loadedText).toMatch(/^<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*"><title>PM<\/title>/);
    expect(win!.destroyed).toBe(true);
    expect(win!.pageRefused).toBe(false);
    // The temporary page is gone, and its session would have refused anything but the page.
    await expect(readFile(win!.loaded!, 'utf8')).rejects.toThrow(/ENOENT/);
    const decide = (url: string) => new Promise<boolean>((r) => electronMock.state.onBeforeRequest!({ url }, ({ cancel }) => r(cancel)));
    expect(await decide('https://tracker.example/p.gif')).toBe(true);
    expect(await decide('file:///etc/passwd')).toBe(true);
    expect(electronMock.state.partitions).toEqual(['warroom-pdf']);
    expect(f.documentsDir!()).toBe('/home/dana/Documents');
  });
});

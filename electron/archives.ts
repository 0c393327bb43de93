import { open as openFile, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { archiveFileName, decodeArchive, DEFAULT_MAX_ARCHIVE_BYTES, slugify, tooLarge } from '@shared/archive';
import type { OpenedArchive, SaveResult } from '@shared/ipc/contract';
import type { Fetch } from './hubApi';
import { inviteKey, localInviteKey, SecretUnreadable, type SecretStore } from './secrets';
import type { LocalHub } from './memberships';
import { normalizeHub } from './settings';

type FileFilter = { name: string; extensions: string[] };

/** The part of Electron's `dialog` used here (parented to the focused window by desktopFiles.ts). */
export type DialogLike = {
  showSaveDialog(options: { title: string; defaultPath: string; filters: FileFilter[] }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: { title: string; filters: FileFilter[]; properties: 'openFile'[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
};

/** What only Electron can do for the archive channels: dialogs, and HTML to PDF. */
export type DesktopFiles = {
  dialog: DialogLike;
  /** Renders HTML with scripts off and no network, and prints it to PDF bytes. */
  printToPdf: (html: string) => Promise<Uint8Array>;
  /** Where save dialogs start (the user's documents folder). */
  documentsDir?: () => string;
};

export type FileSystem = {
  writeFile: (path: string, data: string | Uint8Array) => Promise<void>;
  open: typeof openFile;
};

export type ArchivesDeps = {
  local: () => LocalHub | null;
  secrets: Pick<SecretStore, 'has' | 'get'>;
  fetch: Fetch;
  /** Null where there are no dialogs (not running as the desktop app). */
  files: DesktopFiles | null;
  now: () => number;
  fs?: FileSystem;
  maxBytes?: number;
};

type Target = { cutoverId: string; hub: string };
type Fetched = { ok: true; text: string; fileName: string } | { ok: false; reason: string };

const ARCHIVE_FILTERS: FileFilter[] = [{ name: 'Warroom archive', extensions: ['json'] }];
const NO_DIALOGS = 'Files can only be saved and opened from the Warroom desktop app.';
const NOT_RUNNING = 'Warroom’s own hub is not running; restart Warroom and try again.';
const GONE = 'This computer’s hub no longer holds this cutover.';
const STALE_INVITE = 'The invite kept for this cutover is no longer valid.';
const FETCH_TIMEOUT_MS = 120_000;

const cancelled: SaveResult = { saved: false, path: null, reason: null };
const notSaved = (reason: string): SaveResult => ({ saved: false, path: null, reason });

/**
 * Archives and postmortems as files on this computer. Exporting fetches the archive with
 * the invite token the desktop keeps (from its own hub directly, from another hub over
 * HTTP) and never hands that token to the window. Opening only reads a file: the window
 * checks and folds it, with no network.
 */
export class Archives {
  private readonly fs: FileSystem;
  private readonly maxBytes: number;
  /** Archives the user opened through the dialog: the only ones a draft may be kept beside. */
  private readonly opened = new Set<string>();

  constructor(private readonly deps: ArchivesDeps) {
    this.fs = deps.fs ?? { writeFile: (path, data) => writeFile(path, data), open: openFile };
    this.maxBytes = deps.maxBytes ?? DEFAULT_MAX_ARCHIVE_BYTES;
  }

  async export(target: Target): Promise<SaveResult> {
    const files = this.deps.files;
    if (!files) return notSaved(NO_DIALOGS);
    const fetched = await this.fetchArchive(target).catch((error: unknown): Fetched => ({
      ok: false,
      reason: `The archive could not be made: ${describe(error)}`,
    }));
    if (!fetched.ok) return notSaved(fetched.reason);
    return this.save(files, { title: 'Save the cutover’s archive', fileName: fetched.fileName, filters: ARCHIVE_FILTERS }, fetched.text);
  }

  async open(): Promise<OpenedArchive> {
    const files = this.deps.files;
    if (!files) return { ok: false, reason: NO_DIALOGS };
    const chosen = await files.dialog.showOpenDialog({
      title: 'Open a Warroom archive',
      filters: [...ARCHIVE_FILTERS, { name: 'All files', extensions: ['*'] }],
      properties: ['openFile'],
    });
    const path = chosen.filePaths[0];
    if (chosen.canceled || !path) return { ok: false, reason: null };
    const read = await this.readText(path);
    if (!read.ok) return { ok: false, reason: read.reason };
    this.opened.add(resolve(path));
    return { ok: true, text: read.text, fileName: basename(path).slice(0, 255), path };
  }

  /** Whether the user opened this archive (an absolute path) through the dialog in this session. */
  wasOpened(path: string): boolean {
    return this.opened.has(resolve(path));
  }

  async pdf({ html }: { html: string }): Promise<SaveResult> {
    const files = this.deps.files;
    if (!files) return notSaved(NO_DIALOGS);
    let bytes: Uint8Array;
    try {
      bytes = await files.printToPdf(html);
    } catch (error) {
      return notSaved(`The PDF could not be made: ${describe(error)}`);
    }
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(html)?.[1];
    const fileName = `${title ? slugify(decodeEntities(title)) : 'postmortem'}.pdf`;
    return this.save(files, { title: 'Save the postmortem as PDF', fileName, filters: [{ name: 'PDF', extensions: ['pdf'] }] }, bytes);
  }

  private async save(files: DesktopFiles, ask: { title: string; fileName: string; filters: FileFilter[] }, data: string | Uint8Array): Promise<SaveResult> {
    let defaultPath = ask.fileName;
    try {
      if (files.documentsDir) defaultPath = join(files.documentsDir(), ask.fileName);
    } catch {
      // No documents folder on this system: the dialog starts where it likes.
    }
    const chosen = await files.dialog.showSaveDialog({ title: ask.title, defaultPath, filters: ask.filters });
    if (chosen.canceled || !chosen.filePath) return cancelled;
    try {
      await this.fs.writeFile(chosen.filePath, data);
      return { saved: true, path: chosen.filePath, reason: null };
    } catch (error) {
      return notSaved(`The file could not be saved to ${chosen.filePath}: ${describe(error)}`);
    }
  }

  private async fetchArchive(target: Target): Promise<Fetched> {
    const { secrets } = this.deps;
    try {
      if (secrets.has(localInviteKey(target.cutoverId))) {
        const local = this.deps.local();
        if (!local) return { ok: false, reason: NOT_RUNNING };
        if (!local.hub.cutover(target.cutoverId)) return { ok: false, reason: GONE };
        const token = secrets.get(localInviteKey(target.cutoverId));
        if (token === null) return { ok: false, reason: STALE_INVITE };
        const archive = await local.hub.exportArchive(target.cutoverId, token, { now: this.deps.now });
        if (archive.ok) return { ok: true, text: archive.text, fileName: archive.fileName };
        return { ok: false, reason: archive.why === 'unknown' ? GONE : STALE_INVITE };
      }
      const token = secrets.get(inviteKey(target.hub, target.cutoverId));
      if (token === null) return { ok: false, reason: 'This desktop holds no invite for this cutover; join it again with its link.' };
      return await this.fetchRemote(target, token);
    } catch (error) {
      if (error instanceof SecretUnreadable) return { ok: false, reason: error.message };
      throw error;
    }
  }

  /** `GET {hub}/api/cutovers/{id}/archive`, redirects refused so the token goes to that hub only, size capped, checked before it is saved. */
  private async fetchRemote(target: Target, token: string): Promise<Fetched> {
    const hub = normalizeHub(target.hub);
    let res: Response;
    try {
      res = await this.deps.fetch(`${hub}/api/cutovers/${encodeURIComponent(target.cutoverId)}/archive`, {
        headers: { authorization: `Bearer ${token}` },
        redirect: 'error',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch (error) {
      return { ok: false, reason: `Could not reach the hub at ${hub}: ${describe(error)}` };
    }
    if (res.status === 401) {
      const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
      return { ok: false, reason: typeof body?.error === 'string' ? body.error.slice(0, 300) : 'The hub refused this invite.' };
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, reason: `The hub at ${hub} gave HTTP ${res.status} for the archive (is it a Warroom hub of the same version?)` };
    }
    const body = await readCapped(res, this.maxBytes).catch((error: unknown) => ({
      ok: false as const,
      reason: `The archive download failed: ${describe(error)}`,
    }));
    if (!body.ok) return body;
    const text = utf8Text(body.bytes);
    if (text === null) return { ok: false, reason: `The hub at ${hub} sent an archive that is not UTF-8 text.` };
    const decoded = await decodeArchive(text, { maxBytes: this.maxBytes });
    if (!decoded.ok) return { ok: false, reason: `The hub at ${hub} sent an archive Warroom cannot open: ${decoded.error}` };
    return { ok: true, text, fileName: archiveFileName(decoded.archive.cutover) };
  }

  /** A file's text, refused past the size limit before it is read whole, and refused if it is not UTF-8. */
  private async readText(path: string): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
    let handle: Awaited<ReturnType<typeof openFile>> | undefined;
    try {
      handle = await this.fs.open(path, 'r');
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, reason: 'The file could not be read: it is a folder or a device, not a file.' };
      const size = stat.size;
      if (size > this.maxBytes) return { ok: false, reason: tooLarge(size, this.maxBytes) };
      // The size can change between stat and read: read at most one byte past the limit.
      const buffer = Buffer.alloc(Math.min(size, this.maxBytes) + 1);
      let filled = 0;
      for (;;) {
        if (filled === buffer.length) {
          return { ok: false, reason: filled > this.maxBytes ? tooLarge(filled, this.maxBytes) : 'The file changed while it was being read; try again.' };
        }
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      const text = utf8Text(buffer.subarray(0, filled));
      return text === null ? { ok: false, reason: 'This file is not a Warroom archive: it is not UTF-8 text.' } : { ok: true, text };
    } catch (error) {
      return { ok: false, reason: `The file could not be read: ${describe(error)}` };
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}

async function readCapped(res: Response, max: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, reason: tooLarge(declared, max) };
  }
  if (!res.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: tooLarge(total, max) };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}

function utf8Text(bytes: Uint8Array): string | null {
  try {
    // Fatal: a file with bytes that are not UTF-8 is not one of ours; a BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');
}

/** A cause a person can read; fetch hides the useful part (ECONNREFUSED) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = error.cause;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if ('code' in error && typeof error.code === 'string') return error.code;
  return error.message;
}

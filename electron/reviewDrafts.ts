import { open, rename, unlink } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ReviewDraftSchema, type IpcOutput, type ReviewDraft } from '@shared/ipc/contract';
import { writeFileAtomic } from './hub/storage/atomicWrite';

/*
 * The review's edited postmortem, kept beside the archive it was opened from
 * (`orders.warroom.json` → `orders.warroom.draft.json`): a closed window, a crash or another
 * computer's profile loses nothing, and the draft travels with the file. The window names
 * the archive, never the draft's path, and only an archive the user opened through the
 * dialog in this session is accepted: a page cannot make the main process write anywhere else.
 */

export const DRAFT_FORMAT = 'warroom-review-draft';
export const DRAFT_VERSION = 1;
/** 5 million characters of text are at most 15 MB of UTF-8; the items add little. */
const MAX_DRAFT_BYTES = 20 * 1024 * 1024;

/** `night.warroom.json` → `night.warroom.draft.json`; a name without `.json` gets it appended. */
export const draftPathFor = (archive: string): string => `${archive.replace(/\.json$/i, '')}.draft.json`;

export type DraftFs = {
  writeAtomic: (path: string, data: string) => Promise<void>;
  open: typeof open;
  unlink: typeof unlink;
  rename: typeof rename;
};

type Target = { ok: true; path: string } | { ok: false; reason: string };

const NOT_OPENED = 'Warroom keeps a draft only beside an archive opened here with “Open an archive…”; this file was not.';

export class ReviewDrafts {
  private readonly fs: DraftFs;

  /** `opened` answers whether the user opened this archive (absolute path) through the dialog. */
  constructor(
    private readonly opened: (path: string) => boolean,
    private readonly now: () => number = Date.now,
    fs?: Partial<DraftFs>,
  ) {
    this.fs = { writeAtomic: (path, data) => writeFileAtomic(path, data, 0o600), open, unlink, rename, ...fs };
  }

  async load({ archive }: { archive: string }): Promise<IpcOutput<'draft:load'>> {
    const target = this.target(archive);
    if (!target.ok) return target;
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    let parsed: { ok: true; draft: ReviewDraft } | { ok: false; why: string };
    try {
      handle = await this.fs.open(target.path, 'r');
      const { size } = await handle.stat();
      parsed =
        size > MAX_DRAFT_BYTES
          ? { ok: false, why: `it is ${Math.round(size / 1024 / 1024)} MB, more than a draft can be` }
          : parseDraftFile(await handle.readFile('utf8'));
    } catch (error) {
      if (code(error) === 'ENOENT') return { ok: true, draft: null };
      // Not readable at all (a folder, no permission): nothing to move, and saving will say so too.
      return { ok: false, reason: `${unreadable(target.path, describe(error))} It was left as it is.` };
    } finally {
      await handle?.close().catch(() => undefined);
    }
    if (parsed.ok) return parsed;
    // The next edit would be written over it: the unreadable file is moved aside first, whole.
    const aside = `${target.path}.unreadable-${this.now()}`;
    try {
      await this.fs.rename(target.path, aside);
    } catch (error) {
      return {
        ok: false,
        reason: `${unreadable(target.path, parsed.why)} It could not be moved aside (${describe(error)}): move it before editing, or it will be replaced.`,
      };
    }
    return { ok: false, reason: `${unreadable(target.path, parsed.why)} It was moved to ${aside}; new edits are kept in its place.` };
  }

  async save({ archive, draft }: { archive: string; draft: ReviewDraft }): Promise<IpcOutput<'draft:save'>> {
    const target = this.target(archive);
    if (!target.ok) return target;
    try {
      await this.fs.writeAtomic(target.path, JSON.stringify({ format: DRAFT_FORMAT, version: DRAFT_VERSION, ...draft }));
      return { ok: true, reason: null };
    } catch (error) {
      return { ok: false, reason: `The draft could not be kept beside the archive (${target.path}): ${describe(error)}. Your text is still on screen.` };
    }
  }

  async discard({ archive }: { archive: string }): Promise<IpcOutput<'draft:discard'>> {
    const target = this.target(archive);
    if (!target.ok) return target;
    try {
      await this.fs.unlink(target.path);
    } catch (error) {
      if (code(error) !== 'ENOENT') return { ok: false, reason: `The draft beside the archive (${target.path}) could not be removed: ${describe(error)}` };
    }
    return { ok: true, reason: null };
  }

  /** The draft's path for an archive opened through the dialog, or why there is none. */
  private target(archive: string): Target {
    if (!isAbsolute(archive)) return { ok: false, reason: NOT_OPENED };
    const path = resolve(archive);
    if (!this.opened(path)) return { ok: false, reason: NOT_OPENED };
    const draft = draftPathFor(path);
    // Two archives opened side by side, "a.json" and "a.draft.json": the draft must not overwrite the second.
    if (this.opened(draft)) return { ok: false, reason: `The draft would be kept in ${draft}, which is an archive opened here; rename one of them.` };
    return { ok: true, path: draft };
  }
}

/** A draft file's content, checked; a damaged or newer one gets the reason in words. */
export function parseDraftFile(text: string): { ok: true; draft: ReviewDraft } | { ok: false; why: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is not JSON (damaged or cut short)' };
  }
  const head = (raw ?? {}) as { format?: unknown; version?: unknown };
  if (head.format !== DRAFT_FORMAT) return { ok: false, why: 'it is not a Warroom review draft' };
  if (typeof head.version !== 'number' || head.version > DRAFT_VERSION) return { ok: false, why: 'it was made by a newer Warroom' };
  const { format: _f, version: _v, ...body } = raw as Record<string, unknown>;
  const parsed = ReviewDraftSchema.safeParse(body);
  if (parsed.success) return { ok: true, draft: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, why: `${issue?.path.join('.') || 'its content'}: ${issue?.message ?? 'invalid'}` };
}

const unreadable = (path: string, why: string) => `The draft kept beside this archive (${path}) could not be read: ${why}.`;

const code = (error: unknown): string | undefined =>
  error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
const describe = (error: unknown): string => code(error) ?? (error instanceof Error ? error.message : String(error));

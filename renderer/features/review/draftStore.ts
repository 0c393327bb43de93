import { ActionItemSchema } from '@shared/actions';
import type { WarroomApi } from '@shared/ipc/api';
import type { KeptDraft } from './postmortemView';

/*
 * Where an edited postmortem is kept while the review is open, so switching tabs, reloading
 * or closing the window loses nothing: one draft per archive, keyed by its checksum (the same
 * file opened again finds its draft; another file never does). On the desktop, for an archive
 * opened through its dialog, in a file beside the archive (`<archive>.draft.json`, written by
 * the main process); in the browser, in its storage. The archive itself carries the draft
 * once the team saves it with the review (archive version 2).
 */

export type DraftStore = {
  /** Where the edits go, said under the text. */
  where: string;
  /** The kept draft, or null; `error` when one is there but cannot be read (it is left as it is). */
  load(key: string): Promise<{ draft: KeptDraft | null; error: string | null }>;
  /** Null when kept; otherwise the sentence to show (the text stays on screen). */
  save(key: string, draft: KeptDraft): Promise<string | null>;
  discard(key: string): Promise<string | null>;
};

const PREFIX = 'warroom.review.draft.';

function parse(raw: string | null): KeptDraft | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<KeptDraft>;
    if (typeof v.text !== 'string' || typeof v.savedAt !== 'number' || !Array.isArray(v.actions)) return null;
    const actions = v.actions.flatMap((a) => {
      const r = ActionItemSchema.safeParse(a);
      return r.success ? [r.data] : [];
    });
    return { text: v.text, savedAt: v.savedAt, actions };
  } catch {
    return null;
  }
}

export function browserDraftStore(storage: Storage = window.localStorage): DraftStore {
  return {
    where: 'in this browser',
    load: (key) => Promise.resolve({ draft: parse(storage.getItem(PREFIX + key)), error: null }),
    save(key, draft) {
      try {
        storage.setItem(PREFIX + key, JSON.stringify(draft));
        return Promise.resolve(null);
      } catch (e) {
        // A full storage must not eat the edit: the text stays on screen and says it was not kept.
        return Promise.resolve(
          `This draft could not be kept in the browser’s storage (${e instanceof Error ? e.message : String(e)}); save the archive with your edits or download the Markdown.`,
        );
      }
    },
    discard(key) {
      storage.removeItem(PREFIX + key);
      return Promise.resolve(null);
    },
  };
}

/**
 * The desktop's: a file beside the archive at `archivePath`. Writes go one at a time and a
 * write still waiting when a newer one comes is dropped, so the file ends with the last text
 * typed and never with an older one that finished late; a discard waits its turn the same way.
 */
export function desktopDraftStore(api: Pick<WarroomApi, 'draft'>, archivePath: string, fileName: string): DraftStore {
  let chain: Promise<unknown> = Promise.resolve();
  let latest = 0;
  const inTurn = <T>(run: () => Promise<T>, skipped: T): Promise<T> => {
    const mine = ++latest;
    const next = chain.then(() => (mine === latest ? run() : skipped));
    chain = next.catch(() => undefined);
    return next;
  };
  const failed = (e: unknown) => `The draft could not be kept beside the archive: ${e instanceof Error ? e.message : String(e)}`;
  return {
    where: `beside the archive (${fileName.replace(/\.json$/i, '')}.draft.json)`,
    async load(key) {
      try {
        const r = await api.draft.load({ archive: archivePath });
        if (!r.ok) return { draft: null, error: r.reason };
        if (!r.draft) return { draft: null, error: null };
        const draft = { text: r.draft.text, actions: r.draft.actions, savedAt: r.draft.savedAt };
        // A draft of another version of this file (the archive was exported again over it) is
        // still the team's words: offered as such, never written over unseen by the first keystroke.
        return { draft: r.draft.checksum === key ? draft : { ...draft, otherVersion: true }, error: null };
      } catch (e) {
        return { draft: null, error: failed(e) };
      }
    },
    save: (key, draft) =>
      inTurn(
        () =>
          api.draft
            .save({ archive: archivePath, draft: { checksum: key, ...draft } })
            .then((r) => r.reason)
            .catch(failed),
        null,
      ),
    discard: () =>
      inTurn(
        () =>
          api.draft
            .discard({ archive: archivePath })
            .then((r) => r.reason)
            .catch(failed),
        null,
      ),
  };
}

const desktopStores = new Map<string, DraftStore>();

/**
 * The store for an opened night: beside the archive when the desktop opened it through its
 * dialog (it knows the path), the browser's storage otherwise. One per archive for the
 * window's life, so its writes stay in order across tab switches.
 */
export function draftStoreFor(night: { path: string | null; fileName: string }): DraftStore {
  const api = window.warroom;
  if (!api || !night.path) return browserDraftStore();
  let store = desktopStores.get(night.path);
  if (!store) desktopStores.set(night.path, (store = desktopDraftStore(api, night.path, night.fileName)));
  return store;
}

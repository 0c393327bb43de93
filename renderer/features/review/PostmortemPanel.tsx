import { useEffect, useMemo, useRef, useState } from 'react';
import { encodeArchive } from '@shared/archive';
import { actionItems, type ActionItem } from '@shared/actions';
import type { CutoverState } from '@shared/cutover';
import { actionNotes, draftPostmortem, placeholdersLeft, postmortemHtml } from '@shared/postmortem';
import { draftStoreFor, type DraftStore } from './draftStore';
import { downloadText as download, slug } from './download';
import { exportsOffered, keptAt, replaceSection, worthRestoring, type KeptDraft } from './postmortemView';
import { ReviewActions } from './ReviewActions';
import type { LoadedNight } from './ReviewRoute';

/**
 * The text being edited in this window, per archive: switching to another tab and back takes
 * it up where it was, without asking (the kept copy in storage is for the next visit).
 */
const working = new Map<string, { text: string; actions: ActionItem[]; edited: boolean }>();

type PostmortemPanelProps = { night: LoadedNight; rehearsal: CutoverState | null; store?: DraftStore };

/**
 * The postmortem, drafted from the record and edited by people before it goes out. Every edit
 * is kept at once (draftStore.ts), offered back with "restore / discard" when the file is
 * opened again, and can be saved into the archive itself with the action items added here.
 * The rendered page stands beside the Markdown, as it will be published.
 */
export function PostmortemPanel({ night, rehearsal, store: given }: PostmortemPanelProps) {
  const store = useMemo(() => given ?? draftStoreFor(night), [given, night]);
  const title = night.state.info?.title ?? 'Cutover';
  const opened = useMemo(() => ({ actions: night.review?.actions ?? [], text: night.review?.postmortem ?? null }), [night]);
  const here = working.get(night.checksum);
  const [actions, setActions] = useState<ActionItem[]>(here?.actions ?? opened.actions);
  const draftFor = (items: readonly ActionItem[]) =>
    draftPostmortem({
      state: night.state,
      events: night.events,
      samples: night.samples,
      actions: items,
      ...(rehearsal ? { rehearsal: { state: rehearsal } } : {}),
    });
  const draft = useMemo(() => draftFor(actions), [night, rehearsal, actions]);
  const [text, setText] = useState(() => here?.text ?? opened.text ?? draft);
  // Until someone types, the text follows the draft (a rehearsal loaded, an item added).
  const [edited, setEdited] = useState(here?.edited ?? opened.text !== null);
  const [kept, setKept] = useState<KeptDraft | null>(null);
  // Until the kept draft has been looked for, nothing is written over it (on the desktop it is a file: a moment away).
  const [looked, setLooked] = useState(Boolean(here));
  const [status, setStatus] = useState<string | null>(null);
  const [storeError, setStoreError] = useState<string | null>(null);
  const touched = useRef(false);

  useEffect(() => {
    if (!edited) setText(draft);
  }, [draft, edited]);

  useEffect(() => {
    if (looked) return;
    let current = true;
    void store.load(night.checksum).then(({ draft: k, error }) => {
      if (!current) return;
      if (error) setStoreError(error);
      if (worthRestoring(k, { text: opened.text ?? draft, actions: opened.actions })) setKept(k);
      setLooked(true);
    });
    return () => {
      current = false;
    };
  }, [store, night.checksum]);

  // Keep every change at once: a reload or a closed window must not lose a word.
  useEffect(() => {
    if (!touched.current || kept || !looked) return;
    working.set(night.checksum, { text, actions, edited });
    let current = true;
    void store.save(night.checksum, { text, actions, savedAt: Date.now() }).then((error) => current && setStoreError(error));
    return () => {
      current = false;
    };
  }, [text, actions, edited, kept, looked, store, night.checksum]);

  const change = (next: string) => {
    touched.current = true;
    setEdited(next !== draft);
    setText(next);
  };
  const changeActions = (items: ActionItem[]) => {
    touched.current = true;
    setActions(items);
    // The team's own text keeps its wording; only the table is drafted again.
    if (edited) setText((t) => replaceSection(t, draftFor(items), 'Action items') ?? t);
  };

  // A note made an item of during the night (the record) or here is not offered again.
  const madeFromNote = useMemo(
    () => new Set([...actionItems(night.state), ...actions].flatMap((a) => (a.source.kind === 'note' ? [a.source.noteId] : []))),
    [night, actions],
  );
  const name = `${slug(title)}-postmortem`;
  const html = useMemo(() => postmortemHtml(text, title), [text, title]);
  const exportsNote = exportsOffered(Boolean(window.warroom));
  const left = placeholdersLeft(text);

  const saveArchive = async () => {
    try {
      const archive = await encodeArchive({
        events: night.events,
        samples: [...night.samples],
        exportedAt: Date.now(),
        review: { postmortem: edited ? text : null, actions, editedAt: Date.now(), editedBy: null },
      });
      const fileName = night.fileName.endsWith('.json') ? night.fileName.replace(/(\.warroom)?\.json$/, '.reviewed.warroom.json') : `${name}.warroom.json`;
      download(archive, 'application/json', fileName);
      // A download can be cancelled in its save dialog, and the page is not told: say what was done, not "saved".
      setStatus(`The archive with your edits and action items was offered as ${fileName}. Your edits stay kept here until you discard them.`);
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="postmortem" aria-label="Postmortem">
      {kept && (
        <div className="card postmortem__kept" role="alert">
          <p>
            {kept.otherVersion
              ? `An edited draft of an earlier version of this archive was kept (${keptAt(kept.savedAt)}); the file was exported again since, and restoring puts back that text as it was.`
              : `An edited draft of this postmortem was kept (${keptAt(kept.savedAt)}).`}{' '}
            Restore it or discard it to go on editing.
          </p>
          <div className="row">
            <button
              type="button"
              onClick={() => {
                touched.current = true;
                setText(kept.text);
                setActions(kept.actions);
                setEdited(kept.text !== draftFor(kept.actions));
                setKept(null);
              }}
            >
              Restore it
            </button>
            <button
              type="button"
              onClick={() => {
                void store.discard(night.checksum).then(setStoreError);
                setKept(null);
              }}
            >
              Discard it
            </button>
          </div>
        </div>
      )}
      <div className="postmortem__actions">
        <button type="button" onClick={() => download(text, 'text/markdown', `${name}.md`)}>
          Download Markdown
        </button>
        <button type="button" onClick={() => download(html, 'text/html', `${name}.html`)}>
          Download HTML
        </button>
        {exportsNote.pdf && (
          <button type="button" onClick={() => void window.warroom!.postmortem.pdf({ html }).then((r) => setStatus(r.saved ? `Saved ${r.path}` : r.reason))}>
            Save as PDF
          </button>
        )}
        <button type="button" onClick={() => void saveArchive()}>
          Save the archive with these edits
        </button>
        {edited && !kept && (
          <button type="button" onClick={() => change(draft)}>
            Back to the draft
          </button>
        )}
      </div>
      <p className="hint" data-testid="postmortem-status">
        {exportsNote.note}{' '}
        {left > 0 ? `${left === 1 ? 'One placeholder is' : `${left} placeholders are`} still to fill in (“To fill in”).` : 'No placeholder is left.'}{' '}
        {edited ? `Your edits are kept ${store.where} as you type.` : ''}
      </p>
      {status && (
        <p className="hint" role="status">
          {status}
        </p>
      )}
      {storeError && (
        <p className="error" role="alert">
          {storeError}
        </p>
      )}
      {/* While a kept draft waits for Restore or Discard nothing is edited: what was typed then was
          kept nowhere, and Restore would have put the kept text over it. */}
      <fieldset className="postmortem__editing" disabled={kept !== null}>
        <div className="postmortem__panes">
          <textarea className="postmortem__text" aria-label="Postmortem text" value={text} onChange={(e) => change(e.target.value)} spellCheck />
          {/* Rendered with no script and no network: the same page the HTML export gives. */}
          <iframe className="postmortem__preview" title="Postmortem preview" sandbox="" srcDoc={html} />
        </div>
        <ReviewActions items={actions} notes={actionNotes(night.events).filter((n) => !madeFromNote.has(n.id))} onChange={changeActions} />
      </fieldset>
    </section>
  );
}

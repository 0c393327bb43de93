import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  BannerStateSchema,
  DESTINATIONS,
  MomentSchema,
  STATE_LABEL,
  templateVariables,
  variableList,
  type BannerState,
  type Moment,
  type Template,
} from '@shared/comms';
import { useCutover } from '../../connection/cutoverStore';
import { COMMS_FIELDS, useStateFor } from '../../connection/useStateFor';
import { useHubNow } from '../../lib/useNow';
import { DESTINATION_LABEL, MOMENT_LABEL, type TemplateSource } from './commsView';
import { checkTemplate, composeDraft } from './composerView';
import { MessageText } from './MessageText';
import { useModalDialog } from '../../ui/useModalDialog';
import { useLagSummaries } from './useLagSummaries';
import { VariableHelp } from './VariableHelp';

type TemplateEditorProps = { initial: Template; source: TemplateSource | 'new'; onClose: () => void };

type TextField = 'text' | 'bannerText';

const DROP_EDITS = 'Close the template and drop what you changed in it?';

/** Edits one template for this cutover: Save, Reset to the built-in one, or remove the crew's own. Escape closes (asking first when something was changed). */
export function TemplateEditor({ initial, source, onClose }: TemplateEditorProps) {
  const send = useCutover((s) => s.send);
  const state = useStateFor(COMMS_FIELDS);
  const now = useHubNow(5_000);
  const lag = useLagSummaries(now);
  const [t, setT] = useState<Template>(initial);
  // The crew's saved version as this editor opened on it: the hub refuses a save made over a
  // later one (someone else's fix), which this editor never showed.
  const [base] = useState<Template | null>(() => useCutover.getState().state.comms.templates[initial.id] ?? null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLInputElement>(null);
  const fields = { text: useRef<HTMLTextAreaElement>(null), bannerText: useRef<HTMLTextAreaElement>(null) };
  const lastField = useRef<TextField>('text');
  // Escape is taken on the window below, wherever the focus is.
  const dialog = useRef<HTMLFormElement>(null);
  useModalDialog(dialog);
  useEffect(() => title.current?.focus(), []);
  // Whether anything was typed: Escape, a key pressed on the way to another, asks before it drops it.
  const changed = useRef(false);
  changed.current = JSON.stringify(t) !== JSON.stringify(initial);
  // On the window, so Escape closes the editor wherever the focus is inside it.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && (!changed.current || window.confirm(DROP_EDITS))) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const vars = useMemo(() => templateVariables({ state, now, lag }), [state, now, lag]);
  const variables = useMemo(() => variableList({ state, now, lag }), [state, now, lag]);
  const preview = composeDraft({ templateId: t.id, text: t.text, bannerText: t.bannerText, state: t.state, destinations: t.destinations, edited: false }, vars);
  const set = (patch: Partial<Template>) => setT((x) => ({ ...x, ...patch }));

  const insert = (name: string) => {
    const which = lastField.current;
    const el = fields[which].current;
    const token = `{{${name}}}`;
    const value = t[which];
    const [from, to] = el ? [el.selectionStart, el.selectionEnd] : [value.length, value.length];
    set({ [which]: value.slice(0, from) + token + value.slice(to) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(from + token.length, from + token.length);
    });
  };

  const run = async (work: () => Promise<boolean>) => {
    setBusy(true);
    const ok = await work();
    setBusy(false);
    if (ok) onClose();
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const checked = checkTemplate(t);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems([]);
    void run(() => send('template.save', { template: checked.template, base }));
  };
  const builtIn = source === 'default' || source === 'changed';
  // The crew's wording goes for good: asked first, and refused by the hub if someone saved a change since this opened.
  const remove = () => {
    const what = builtIn ? `Reset “${initial.title}” to the built-in wording? The crew’s version is lost.` : `Remove “${initial.title}”?`;
    if (window.confirm(what)) void run(() => send('template.remove', { templateId: t.id, base }));
  };
  const toggle = (d: Template['destinations'][number]) =>
    set({ destinations: t.destinations.includes(d) ? t.destinations.filter((x) => x !== d) : [...t.destinations, d] });

  return (
    <div className="modal-backdrop">
      <form ref={dialog} className="modal modal--wide comms-editor" role="dialog" aria-modal="true" aria-label={`Template: ${initial.title}`} onSubmit={save}>
        <h2>{source === 'new' ? 'New template' : `Template: ${initial.title}`}</h2>
        <div className="comms-editor__body">
          <div className="comms-editor__fields">
            <label className="field">
              <span>Title</span>
              <input ref={title} value={t.title} maxLength={120} onChange={(e) => set({ title: e.target.value })} />
            </label>
            <div className="row">
              <label className="field">
                <span>Moment</span>
                <select value={t.moment} disabled={builtIn} onChange={(e) => set({ moment: e.target.value as Moment })}>
                  {MomentSchema.options.map((m) => (
                    <option key={m} value={m}>
                      {MOMENT_LABEL[m]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>Banner state</span>
                <select value={t.state} onChange={(e) => set({ state: e.target.value as BannerState })}>
                  {BannerStateSchema.options.map((s) => (
                    <option key={s} value={s}>
                      {STATE_LABEL[s]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <label className="field">
              <span>Crew message (Slack mrkdwn: *bold*)</span>
              <textarea
                ref={fields.text}
                rows={5}
                value={t.text}
                onFocus={() => (lastField.current = 'text')}
                onChange={(e) => set({ text: e.target.value })}
              />
            </label>
            <div className="comms-preview" aria-label="Crew message preview">
              <MessageText text={preview.preview} missing={preview.missing} />
            </div>
            <label className="field">
              <span>Customer banner line</span>
              <textarea
                ref={fields.bannerText}
                rows={2}
                value={t.bannerText}
                onFocus={() => (lastField.current = 'bannerText')}
                onChange={(e) => set({ bannerText: e.target.value })}
              />
            </label>
            <div className="comms-preview comms-preview--banner" aria-label="Banner line preview">
              <MessageText text={preview.bannerText} missing={preview.missing} />
            </div>
            <fieldset className="field">
              <legend>Ticked when picked</legend>
              <div className="comms-setup__checks">
                {DESTINATIONS.map((d) => (
                  <label key={d} className="toggle">
                    <input type="checkbox" checked={t.destinations.includes(d)} onChange={() => toggle(d)} /> {DESTINATION_LABEL[d]}
                  </label>
                ))}
              </div>
            </fieldset>
            {problems.length > 0 && (
              <ul className="error-list comms-editor__problems">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
          <VariableHelp variables={variables} onInsert={insert} />
        </div>
        <div className="modal__actions">
          {source === 'changed' && (
            <button type="button" disabled={busy} onClick={remove}>
              Reset to default
            </button>
          )}
          {source === 'custom' && (
            <button type="button" className="danger" disabled={busy} onClick={remove}>
              Remove template
            </button>
          )}
          <span className="comms-editor__gap" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save for this cutover
          </button>
        </div>
      </form>
    </div>
  );
}

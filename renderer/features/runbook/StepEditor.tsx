import { useEffect, useRef, useState, type FormEvent } from 'react';
import { StepKindSchema, type StepState } from '@shared/cutover';
import { useModalDialog } from '../../ui/useModalDialog';
import { KIND_WORDS, readDraft, type StepDraft } from './planEdits';
import { closeOnBackdrop } from '../../ui/backdrop';

type StepEditorProps = {
  /** "Edit: Switch writes" or "Add a step to Verify". */
  title: string;
  draft: StepDraft;
  /** The steps it may wait for (not itself, not those that wait for it). */
  others: readonly StepState[];
  confirm: string;
  /** Why the point of no return cannot be taken off this step (the hub's own sentence), or null. */
  ponrFixed?: string | null;
  /** Sends the command; answers the hub's refusal to show here, or null when it took it. */
  onSave: (draft: StepDraft, durationMin: number) => Promise<string | null>;
  onClose: () => void;
};

/** "Waits for: Stop the cron jobs, Snapshot", in the runbook's order, or "Waits for nothing". */
function waitsFor(others: readonly StepState[], ids: readonly string[]): string {
  const names = others.filter((s) => ids.includes(s.id)).map((s) => s.title);
  return names.length === 0 ? 'Waits for nothing' : `Waits for: ${names.join(', ')}`;
}

/** The lead's form for one step: title, owner, planned duration, dependencies, kind, rollback note, point of no return. */
export function StepEditor({ title, draft: initial, others, confirm, ponrFixed = null, onSave, onClose }: StepEditorProps) {
  const [d, setD] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  useModalDialog(dialog, onClose);
  useEffect(() => first.current?.focus(), []);
  const set = <K extends keyof StepDraft>(k: K, v: StepDraft[K]) => setD((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readDraft(d);
    if (!read.ok) return setProblem(read.problem);
    setBusy(true);
    const refused = await onSave(d, read.durationMin).finally(() => setBusy(false));
    if (refused) setProblem(refused);
    else onClose();
  };

  return (
    <div className="modal-backdrop" onMouseDown={closeOnBackdrop(onClose)}>
      <form
        ref={dialog}
        className="modal step-editor"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onSubmit={(e) => void submit(e)}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2>{title}</h2>
        <label className="field">
          <span>Title</span>
          <input ref={first} value={d.title} maxLength={200} onChange={(e) => set('title', e.target.value)} />
        </label>
        <div className="row">
          <label className="field">
            <span>Owner (a station, a role or a name)</span>
            <input value={d.owner} maxLength={80} onChange={(e) => set('owner', e.target.value)} placeholder="DBA" />
          </label>
          <label className="field">
            <span>Planned duration</span>
            <input value={d.duration} onChange={(e) => set('duration', e.target.value)} placeholder="15m" />
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={d.kind} onChange={(e) => set('kind', StepKindSchema.parse(e.target.value))}>
              {StepKindSchema.options.map((k) => (
                <option key={k} value={k}>
                  {KIND_WORDS[k]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {others.length > 0 && (
          <fieldset className="field step-editor__deps">
            {/* Named here too: a ticked step far down the list was out of sight, and the step seemed to wait for nothing. */}
            <legend>{waitsFor(others, d.dependsOn)}</legend>
            {others.map((s) => (
              <label key={s.id} className="toggle">
                <input
                  type="checkbox"
                  checked={d.dependsOn.includes(s.id)}
                  onChange={(e) => set('dependsOn', e.target.checked ? [...d.dependsOn, s.id] : d.dependsOn.filter((x) => x !== s.id))}
                />
                {s.title}
              </label>
            ))}
          </fieldset>
        )}
        <label className="field">
          <span>Rollback note (how to undo it)</span>
          <textarea rows={2} value={d.rollbackNote} maxLength={2000} onChange={(e) => set('rollbackNote', e.target.value)} />
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={d.pointOfNoReturn}
            disabled={ponrFixed !== null}
            aria-describedby={ponrFixed ? 'step-editor-ponr-fixed' : undefined}
            onChange={(e) => set('pointOfNoReturn', e.target.checked)}
          />{' '}
          The point of no return (crossed only with the approver’s GO)
        </label>
        {ponrFixed && (
          <p className="hint" id="step-editor-ponr-fixed">
            {ponrFixed}.
          </p>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {confirm}
          </button>
        </div>
      </form>
    </div>
  );
}

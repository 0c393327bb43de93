import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ACTION_PRIORITIES, type ActionPriority, type ActionSource } from '@shared/actions';
import { useCutover } from '../../connection/cutoverStore';
import { useModalDialog } from '../../ui/useModalDialog';
import { emptyActionForm, ownerSuggestions, parseActionForm, type ActionForm } from './actionForm';
import { closeOnBackdrop } from '../../ui/backdrop';

type ActionItemDialogProps = {
  source: ActionSource;
  /** What the item starts as: the note's or the step's words, to be made into a task. */
  title: string;
  /** Where it comes from, said above the form ("From Marco’s note at 02:10"). */
  intro: string;
  onClose: () => void;
};

/**
 * Makes an action item during the night from a note or a step: title, an owner picked here
 * (a person or a role, never filled in with whoever wrote the note), priority, due date and
 * an optional ticket link. Sent as `action.add`; the hub has the last word, and the dialog
 * stays open until it has said it: a refused item keeps what was typed for it (the refusal
 * says why, below), and a double click adds it once.
 */
export function ActionItemDialog({ source, title, intro, onClose }: ActionItemDialogProps) {
  const send = useCutover((s) => s.send);
  const members = useCutover((s) => s.state.members);
  const steps = useCutover((s) => s.state.steps);
  const owners = useMemo(() => ownerSuggestions({ members, steps }), [members, steps]);
  const [form, setForm] = useState<ActionForm>(() => emptyActionForm(title));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const titleField = useRef<HTMLInputElement>(null);
  const ownerField = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  useModalDialog(dialog, onClose);
  // From a note the title is there already and who owns it is the question; from a step, what to do is.
  useEffect(() => (title ? ownerField : titleField).current?.focus(), []);
  const set = (k: keyof ActionForm) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    setError(null);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const parsed = parseActionForm(form);
    if (!parsed.ok) return setError(parsed.error);
    setBusy(true);
    const added = await send('action.add', { ...parsed.fields, source }).finally(() => setBusy(false));
    if (added) onClose();
  };

  return (
    <div className="modal-backdrop" onMouseDown={closeOnBackdrop(onClose)}>
      <form
        ref={dialog}
        className="modal action-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Make an action item"
        onSubmit={(e) => void submit(e)}
        onMouseDown={(e) => e.stopPropagation()}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // The runbook's and the page's keys stay out of a form being filled in.
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2>Make an action item</h2>
        <p className="modal__intro">{intro}</p>
        <label className="field">
          <span>Action</span>
          <input ref={titleField} value={form.title} onChange={set('title')} maxLength={300} placeholder="What is to be done" />
        </label>
        <label className="field">
          <span>Owner (a person or a role)</span>
          <input ref={ownerField} value={form.owner} onChange={set('owner')} list={listId} maxLength={80} placeholder="Who will do it" autoComplete="off" />
          <datalist id={listId}>
            {owners.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </label>
        <div className="row action-dialog__row">
          <label className="field">
            <span>Priority</span>
            <select value={form.priority} onChange={(e) => setForm((f) => ({ ...f, priority: e.target.value as ActionPriority }))}>
              {ACTION_PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Due</span>
            <input type="date" value={form.due} onChange={set('due')} />
          </label>
        </div>
        <label className="field">
          <span>Ticket link (optional)</span>
          <input type="url" placeholder="https://…" value={form.ticket} onChange={set('ticket')} maxLength={500} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Add the action item
          </button>
        </div>
      </form>
    </div>
  );
}

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useModalDialog } from './useModalDialog';
import { closeOnBackdrop } from './backdrop';

export type PromptRequest = {
  title: string;
  /** The text field's label; null asks for a confirmation only. */
  label: string | null;
  /** A reason is required (skip, fail, force, reopen); a note is optional. */
  required: boolean;
  confirm: string;
  /** What the action bypasses or leaves undone, said before anyone confirms. */
  intro?: string;
  detail?: readonly string[];
  /** A word to type before the action is possible: for what cannot be undone. */
  typeToConfirm?: string;
  /** The confirm button looks like what it is: irreversible ones are red. */
  danger?: boolean;
  onSubmit: (text: string) => void;
  /** Another thing to do with what was typed (a step's note made an action item instead). */
  alternative?: { label: string; onChoose: (text: string) => void };
};

type ReasonPromptProps = { request: PromptRequest; onClose: () => void };

/**
 * A small modal asking why. Enter submits (in a red prompt's reason, Ctrl+Enter), Escape
 * cancels; a required reason cannot be blank. Tab stays inside it (useModalDialog).
 * Drawn at the end of the page, wherever it is asked from: a runbook row is inside a phase
 * whose drawing is contained (styles.css, .phase--rows), which would clip it to the phase.
 * React events still bubble to whoever asked, as before.
 */
export function ReasonPrompt({ request, onClose }: ReasonPromptProps) {
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  const first = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLFormElement>(null);
  useModalDialog(dialog, onClose);
  // Focus goes into the dialog; where there is nothing to write, onto Cancel: a second Enter
  // (one already opened it from a runbook row) must not confirm what the first only asked about.
  useEffect(() => (first.current ?? cancel.current)?.focus(), []);
  const blank = text.trim() === '';
  const word = request.typeToConfirm;
  const unconfirmed = word !== undefined && typed.trim().toUpperCase() !== word.toUpperCase();
  const blocked = (request.required && request.label !== null && blank) || unconfirmed;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (blocked) return;
    request.onSubmit(text.trim());
    onClose();
  };
  // In a red prompt (ROLLBACK, abort, a crossing) the reason is written, not a key pressed
  // through: Enter starts a new line there, and Ctrl+Enter (⌘+Enter) records it.
  const deliberate = request.danger === true;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    // Not the Enter that ends an input method's composition: that one picks the characters.
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return;
    if (deliberate && e.currentTarget.tagName === 'TEXTAREA' && !e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    submit();
  };
  return createPortal(
    <div className="modal-backdrop" onMouseDown={closeOnBackdrop(onClose, text.trim() !== '' || typed.trim() !== '')}>
      <form
        ref={dialog}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={request.title}
        onSubmit={submit}
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2>{request.title}</h2>
        {request.intro && <p className="modal__intro">{request.intro}</p>}
        {request.detail && request.detail.length > 0 && (
          <ul className="modal__detail">
            {request.detail.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
        {word !== undefined && (
          <label className="field">
            <span>Type {word} to confirm</span>
            <input ref={first} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} onKeyDown={onKeyDown} />
          </label>
        )}
        {request.label !== null && (
          <label className="field">
            <span>{request.label}</span>
            <textarea ref={word === undefined ? first : undefined} value={text} rows={3} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} />
          </label>
        )}
        {request.required && request.label !== null && blank && <p className="hint">A reason is required: it goes on the timeline.</p>}
        {deliberate && request.label !== null && (
          <p className="hint" data-testid="prompt-ctrl-enter">
            Enter starts a new line; Ctrl+Enter (⌘+Enter) records it.
          </p>
        )}
        <div className="modal__actions">
          {request.alternative && (
            <button
              type="button"
              className="link modal__alternative"
              onClick={() => {
                request.alternative!.onChoose(text.trim());
                onClose();
              }}
            >
              {request.alternative.label}
            </button>
          )}
          <button type="button" ref={cancel} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={request.danger ? 'danger' : 'primary'} disabled={blocked}>
            {request.confirm}
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}

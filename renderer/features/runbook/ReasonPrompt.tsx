import { useEffect, useRef, useState, type FormEvent } from 'react';

export type PromptRequest = {
  title: string;
  label: string;
  /** A reason is required (skip, fail, force, reopen); a note is optional. */
  required: boolean;
  confirm: string;
  onSubmit: (text: string) => void;
};

type ReasonPromptProps = { request: PromptRequest; onClose: () => void };

/** A small modal asking why. Enter submits, Escape cancels; a required reason cannot be blank. */
export function ReasonPrompt({ request, onClose }: ReasonPromptProps) {
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const blank = text.trim() === '';
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (request.required && blank) return;
    request.onSubmit(text.trim());
    onClose();
  };
  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <form className="modal" role="dialog" aria-modal="true" aria-label={request.title} onSubmit={submit} onMouseDown={(e) => e.stopPropagation()}>
        <h2>{request.title}</h2>
        <label className="field">
          <span>{request.label}</span>
          <textarea
            ref={input}
            value={text}
            rows={3}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') onClose();
              if (e.key === 'Enter' && !e.shiftKey) submit();
            }}
          />
        </label>
        {request.required && blank && <p className="hint">A reason is required: it goes on the timeline.</p>}
        <div className="modal__actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={request.required && blank}>{request.confirm}</button>
        </div>
      </form>
    </div>
  );
}

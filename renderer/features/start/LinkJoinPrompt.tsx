import { useEffect, useRef, useState } from 'react';
import { ROLE_WORDS } from '@shared/core/words';
import type { JoinReplace } from '@shared/ipc/contract';
import { useModalDialog } from '../../ui/useModalDialog';
import { closeOnBackdrop } from '../../ui/backdrop';

/** What a join by warroom:// link left to say: a question (it would replace this desktop's access), or why it failed. */
export type LinkJoin = ({ kind: 'replace'; link: string } & JoinReplace) | { kind: 'failed'; reason: string };

type LinkJoinPromptProps = {
  state: LinkJoin;
  /** The user chose the link's role: join again with `replace`. */
  onReplace: () => Promise<void>;
  onClose: () => void;
};

/**
 * The screen's side of a join by deep link: the main process decides (a different invite for a
 * cutover this desktop is already in is not kept unasked); this only asks, or says why not.
 * Keeping what is held is the default: focus, Escape and the backdrop all keep it.
 */
export function LinkJoinPrompt({ state, onReplace, onClose }: LinkJoinPromptProps) {
  if (state.kind === 'failed') {
    return (
      <div className="toasts" role="alert">
        <div className="toast toast--danger" data-testid="link-join-failed">
          <div className="toast__body">
            <p className="toast__reason">
              <strong>Not joined:</strong> {state.reason}
            </p>
          </div>
          <button type="button" className="toast__dismiss" aria-label="Dismiss" onClick={onClose}>
            ×
          </button>
        </div>
      </div>
    );
  }
  return <ReplaceQuestion state={state} onReplace={onReplace} onClose={onClose} />;
}

function ReplaceQuestion({ state, onReplace, onClose }: LinkJoinPromptProps & { state: Extract<LinkJoin, { kind: 'replace' }> }) {
  const keep = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useModalDialog(dialog, onClose);
  const [busy, setBusy] = useState(false);
  useEffect(() => keep.current?.focus(), []);
  const { held, offered } = state;
  const offeredWords = ROLE_WORDS[offered] ?? offered;
  const replace = () => {
    if (busy) return;
    setBusy(true);
    void onReplace().finally(() => setBusy(false));
  };
  return (
    <div className="modal-backdrop" onMouseDown={closeOnBackdrop(onClose)}>
      <div
        ref={dialog}
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="link-join-title"
        aria-describedby="link-join-text"
        data-testid="link-join-replace"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // The runbook's and the page's keys stay out of a question being answered.
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
        }}
      >
        <h2 id="link-join-title">Replace your access to this night?</h2>
        <p className="modal__intro" id="link-join-text">
          {held ? `You are in this night as ${held} on this desktop.` : 'You are already in this night on this desktop.'} This link is for {offeredWords}:
          joining by it replaces {held ? `your ${held}` : 'your'} access here, and uses the link up if it was meant for one person.
        </p>
        <div className="modal__actions">
          <button type="button" ref={keep} onClick={onClose} data-testid="link-join-keep">
            {held ? `Keep ${held}` : 'Keep my access'}
          </button>
          <button type="button" className="primary" disabled={busy} onClick={replace} data-testid="link-join-confirm">
            Join as {offered}
          </button>
        </div>
      </div>
    </div>
  );
}

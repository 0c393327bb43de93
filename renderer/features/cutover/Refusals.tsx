import { useEffect, useState } from 'react';
import { REFUSALS_SHOWN, useCutover, type Refusal } from '../../connection/cutoverStore';
import { usePageVisible } from '../../lib/usePageVisible';

/** How long a refusal with nothing typed in it stays; one that carries someone's text stays until dismissed. */
const PLAIN_REFUSAL_MS = 15_000;

/**
 * Each refusal from the hub, with its reason, until dismissed. One that carries what the
 * person wrote (a reason, a note) shows it, with a way to copy it, and does not go by itself:
 * nothing typed leaves the screen unless the person lets it go. One with nothing typed goes
 * after 15 s on screen: a Start queued offline and refused while the tab was behind a terminal
 * was gone before anyone came back to read it, and its sender believed it went through.
 * Past REFUSALS_SHOWN the newest are shown and a line under them says how many more are kept:
 * each of those comes up as one shown is dismissed (seven queued notes refused together).
 */
export function Refusals() {
  const refusals = useCutover((s) => s.refusals);
  const dismiss = useCutover((s) => s.dismissRefusal);
  const visible = usePageVisible();
  const shown = refusals.slice(-REFUSALS_SHOWN);
  const more = refusals.slice(0, refusals.length - shown.length);
  // Only one on screen goes by itself: a refusal waiting behind the others has not been read.
  const plain = shown.find((r) => r.typed === null);
  useEffect(() => {
    if (!plain || !visible) return;
    const timer = setTimeout(() => dismiss(plain.id), PLAIN_REFUSAL_MS);
    return () => clearTimeout(timer);
  }, [plain, dismiss, visible]);
  if (refusals.length === 0) return null;
  return (
    <div className="toasts" role="alert">
      {shown.map((r) => (
        <RefusalToast key={r.id} refusal={r} onDismiss={() => dismiss(r.id)} />
      ))}
      {/* Last, at the bottom edge: the list grows upwards, and this line must stay in sight. */}
      {more.length > 0 && (
        <div className="toast toast--danger" data-testid="refusals-more">
          <p className="toast__reason">
            <strong>
              {more.length} more refused {more.length === 1 ? 'change is' : 'changes are'} kept
            </strong>
            {more.some((r) => r.typed !== null) ? ', with what was written for them' : ''}: each shows here when you dismiss one above.
          </p>
        </div>
      )}
    </div>
  );
}

function RefusalToast({ refusal: r, onDismiss }: { refusal: Refusal; onDismiss: () => void }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = (text: string) =>
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div className="toast toast--danger" data-testid="refusal">
      <div className="toast__body">
        <p className="toast__reason">
          {/* "Not done" read like a step's status: this says the action itself did not happen. */}
          <strong>Refused:</strong> {r.reason}
        </p>
        {(r.fromBeforeReload || r.typed !== null) && (
          <p className="toast__what" data-testid="refused-what">
            You asked: {r.what}
            {r.fromBeforeReload ? ' (kept from before this page was reloaded).' : '.'}
          </p>
        )}
        {r.typed !== null && (
          <>
            <p className="toast__label">{r.backInComposer ? 'What you wrote is back in the note box:' : 'What you wrote, kept here until you dismiss it:'}</p>
            <blockquote className="toast__typed" data-testid="refused-text">
              {r.typed}
            </blockquote>
            <button type="button" className="link toast__copy" onClick={() => copy(r.typed!)}>
              Copy text
            </button>
            {copied !== null && (
              <span className="hint toast__copied" role="status">
                {copied ? 'Copied.' : 'The page may not write the clipboard here: select the text to copy it.'}
              </span>
            )}
          </>
        )}
      </div>
      <button type="button" className="toast__dismiss" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}

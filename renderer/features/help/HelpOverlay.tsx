import { useRef } from 'react';
import { useModalDialog } from '../../ui/useModalDialog';
import { closeOnBackdrop } from '../../ui/backdrop';

const KEYS: [string, string][] = [
  ['↑ ↓ or j k', 'Move between steps'],
  ['Enter', 'Start the selected step, or mark it done'],
  ['Shift + click Done', 'Done with a note'],
  ['s / f / b', 'Skip, fail or block the selected step (asks why)'],
  ['x', 'Reopen a finished step (lead)'],
  ['e', 'Note on the selected step'],
  ['n', 'Add a note to the timeline'],
  ['m', 'Only my steps'],
  ['t', 'Switch dark and light theme'],
  ['?', 'This help'],
  ['Esc', 'Close a dialog'],
];

type HelpOverlayProps = { onClose: () => void };

export function HelpOverlay({ onClose }: HelpOverlayProps) {
  const dialog = useRef<HTMLDivElement>(null);
  // Escape is the cutover screen's, wherever the focus is (CutoverScreen.tsx).
  useModalDialog(dialog);
  return (
    <div className="modal-backdrop" onMouseDown={closeOnBackdrop(onClose)}>
      <div ref={dialog} className="modal" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onMouseDown={(e) => e.stopPropagation()}>
        <h2>Keyboard</h2>
        <dl className="keys">
          {KEYS.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <p className="hint">Everything you do shows “sending…” until the hub has it; if the hub refuses, the reason appears at the bottom.</p>
        <div className="modal__actions">
          <button type="button" className="primary" autoFocus onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

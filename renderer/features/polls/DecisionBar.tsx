import { useState } from 'react';
import type { DecisionKind } from '@shared/polls';
import { DecideButtons } from './DecideButtons';
import { DecisionTold } from './DecisionTold';

/**
 * `panelShown`: a poll waits on the approver, and the decision panel at the top offers the
 * decision (once, not twice).
 */
type DecisionBarProps = { panelShown: boolean };

/**
 * The approver can decide at any moment of the night, not only at the end of a poll. While the
 * panel offers the decision the bar steps aside, but never from under a prompt being written
 * in: a ROLLBACK's reason half typed when the lead opens a poll stays on screen, as typed.
 */
export function DecisionBar({ panelShown }: DecisionBarProps) {
  const [recorded, setRecorded] = useState<DecisionKind | null>(null);
  const [prompting, setPrompting] = useState(false);
  const buttons = !panelShown || prompting;
  if (!buttons && !recorded) return null;
  return (
    <div className="decision-bar" aria-label="Record a decision">
      {buttons && (
        <>
          <span className="hint">Your decision, any time:</span>
          <DecideButtons onRecorded={setRecorded} onPrompting={setPrompting} goLabel="GO…" goPrimary={false} />
        </>
      )}
      {recorded && <DecisionTold decision={recorded} onDone={() => setRecorded(null)} />}
    </div>
  );
}

import { useState } from 'react';
import type { DecisionKind } from '@shared/polls';
import { DecideButtons } from './DecideButtons';
import { DecisionTold } from './DecisionTold';

/** The approver can decide at any moment of the night, not only at the end of a poll. */
export function DecisionBar() {
  const [recorded, setRecorded] = useState<DecisionKind | null>(null);
  return (
    <div className="decision-bar" aria-label="Record a decision">
      <span className="hint">Your decision, any time:</span>
      <DecideButtons onRecorded={setRecorded} goLabel="GO…" goPrimary={false} />
      {recorded && <DecisionTold decision={recorded} onDone={() => setRecorded(null)} />}
    </div>
  );
}

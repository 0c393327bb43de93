import { useState } from 'react';
import type { DecisionKind } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { DecisionTold } from './DecisionTold';

/** The approver can decide at any moment of the night, not only at the end of a poll. */
export function DecisionBar() {
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  const [recorded, setRecorded] = useState<DecisionKind | null>(null);
  const decide = (decision: DecisionKind) =>
    setPrompt({
      title: `Decision: ${decision.toUpperCase()}`,
      label: decision === 'rollback' ? 'Why roll back? (the crew switches to the rollback checklist)' : 'Rationale (goes on the timeline)',
      required: true,
      confirm: `Record ${decision.toUpperCase()}`,
      onSubmit: (rationale) => void send('decision.record', { decision, rationale }).then((ok) => setRecorded(ok ? decision : null)),
    });
  return (
    <div className="decision-bar" aria-label="Record a decision">
      <span className="hint">Your decision, any time:</span>
      <button type="button" onClick={() => decide('go')}>
        GO…
      </button>
      <button type="button" onClick={() => decide('hold')}>
        HOLD…
      </button>
      <button type="button" className="danger" onClick={() => decide('rollback')}>
        ROLLBACK…
      </button>
      {recorded && <DecisionTold decision={recorded} onDone={() => setRecorded(null)} />}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </div>
  );
}

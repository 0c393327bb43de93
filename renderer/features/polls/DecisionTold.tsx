import { templateForDecision } from '@shared/comms';
import type { DecisionKind } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { composeUpdate, senderStatus } from '../comms';

type DecisionToldProps = { decision: DecisionKind; onDone: () => void };

/** After a decision: the way to tell everyone, or who will. */
export function DecisionTold({ decision, onDone }: DecisionToldProps) {
  const maySend = useCutover((s) => senderStatus(s.state, s.member).may);
  return (
    <p className="decision-bar__told" data-testid="decision-told">
      {decision.toUpperCase()} recorded.{' '}
      {maySend ? (
        <button
          type="button"
          onClick={() => {
            composeUpdate({ templateId: templateForDecision(decision) });
            onDone();
          }}
        >
          Tell everyone…
        </button>
      ) : (
        <span className="hint">The Comms tab offers whoever sends updates the message for it.</span>
      )}
    </p>
  );
}

import { useEffect } from 'react';
import { useCutover } from '../../connection/cutoverStore';

/** Each refusal from the hub, with its reason, until dismissed (or after 15 s). */
export function Refusals() {
  const refusals = useCutover((s) => s.refusals);
  const dismiss = useCutover((s) => s.dismissRefusal);
  useEffect(() => {
    if (refusals.length === 0) return;
    const timer = setTimeout(() => dismiss(refusals[0]!.id), 15_000);
    return () => clearTimeout(timer);
  }, [refusals, dismiss]);
  if (refusals.length === 0) return null;
  return (
    <div className="toasts" role="alert">
      {refusals.map((r) => (
        <div key={r.id} className="toast toast--danger" data-testid="refusal">
          {/* "Not done" read like a step's status: this says the action itself did not happen. */}
          <strong>Refused:</strong> {r.reason}
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(r.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

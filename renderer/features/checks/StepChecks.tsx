import { useMemo, useState } from 'react';
import { checksOfStep } from '@shared/checks';
import type { StepState } from '@shared/cutover';
import { seenOf } from '@shared/steps';
import { useCutover } from '../../connection/cutoverStore';
import { useHubNow } from '../../lib/useNow';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { stepChecks } from './checksView';

/**
 * A verification step's checks on its runbook row: the last result of each, and, while one
 * fails, "Complete anyway…" with the reason the hub records beside the evidence.
 */
export function StepChecks({ step, mayWork }: { step: StepState; mayWork: boolean }) {
  // Narrow, stable selections: a row re-renders when the checks change, not on every event.
  const checks = useCutover((s) => s.state.checks);
  const checkOrder = useCutover((s) => s.state.checkOrder);
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const now = useHubNow(15_000);
  const view = useMemo(() => {
    const state = { checks, checkOrder };
    return checksOfStep(state, step.id).length > 0 ? stepChecks(state, step.id, tz, now) : null;
  }, [checks, checkOrder, step.id, tz, now]);
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  if (!view) return null;
  const open = step.status === 'in_progress' || step.status === 'pending';
  return (
    <div className="step__checks" data-testid="step-checks" onClick={(e) => e.stopPropagation()}>
      {view.lines.map((l) => (
        <div key={l.name} className={`check-status check-status--${l.tone}`} data-tone={l.tone}>
          <strong>{l.verdict}</strong> {l.name}
          {l.evidence && <span className="check-status__evidence"> · {l.evidence}</span>}
          {l.since && <small className="hint"> · {l.since}</small>}
        </div>
      ))}
      {open && view.auto && !view.failing && step.status === 'pending' && <div className="hint">Completes by itself once started and its checks pass.</div>}
      {open && view.auto && view.failing && <div className="hint">The hub completes this step when its checks pass.</div>}
      {mayWork && step.status === 'in_progress' && view.failing && (
        <button
          type="button"
          onClick={() =>
            setPrompt({
              title: `Complete “${step.title}” although its check does not pass`,
              label: 'Why is it done anyway? (recorded with the evidence)',
              required: true,
              confirm: 'Complete anyway',
              danger: true,
              onSubmit: (force) => void send('step.complete', { stepId: step.id, force, seen: seenOf(step) }),
            })
          }
        >
          Complete anyway…
        </button>
      )}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </div>
  );
}

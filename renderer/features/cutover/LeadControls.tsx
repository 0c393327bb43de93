import { useState } from 'react';
import { mayIssue, REOPEN_GRACE_MS, unsettledSteps, type StepState } from '@shared/cutover';
import { ROLLBACK_PHASE_ID } from '@shared/polls';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { NIGHT_FIELDS, useStateFor } from '../../connection/useStateFor';
import { useHubNow } from '../../lib/useNow';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { useOnePress } from '../../ui/useOnePress';
import { windowNotOpen } from '../runbook';
import { PonrPolicy } from './PonrPolicy';
import { MIN } from '@shared/time';

type Outcome = 'completed' | 'rolled_back' | 'aborted';

const undoneLine = (s: StepState) => `${s.title} (${s.status.replace(/_/g, ' ')})`;

/**
 * The lead starts and ends the night. Ending is deliberate: completing is the primary
 * button only once every step is settled, and any end says first what it leaves undone.
 * A night ended by a slip can be reopened for a while.
 */
export function LeadControls() {
  // The night's status, its window, its steps and the rollback: nothing from comms or the crew.
  const state = useStateFor(NIGHT_FIELDS);
  const role = useMyRole();
  const send = useCutover((s) => s.send);
  const now = useHubNow(15_000);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  // Start and Complete go in one click: a double click sends them once.
  const { pending, press } = useOnePress();
  if (!mayIssue(role, 'cutover.start')) return null;
  const { status } = state;
  const rollingBack = state.rollback !== null;
  const unsettled = unsettledSteps(state);
  const undone = unsettled.map(undoneLine);
  // Ending the night as rolled back is the next thing to do once the way back is done, not when it starts.
  const wayBackOpen = unsettled.some((s) => s.phaseId === ROLLBACK_PHASE_ID);

  const start = () => {
    const early = windowNotOpen(state.info?.window, now);
    if (!early) return send('cutover.start', {});
    setPrompt({
      title: 'Start the night before the window',
      intro: early,
      label: null,
      required: false,
      confirm: 'Start the night (T0)',
      onSubmit: () => void send('cutover.start', {}),
    });
  };
  const finish = (outcome: Outcome) => {
    if (outcome === 'completed' && undone.length === 0) return send('cutover.finish', { outcome });
    const titles: Record<Outcome, string> = { completed: 'Complete the cutover early', rolled_back: 'Record the rollback', aborted: 'Abort the cutover' };
    const confirms: Record<Outcome, string> = { completed: 'Complete early', rolled_back: 'Rolled back', aborted: 'Abort' };
    setPrompt({
      title: titles[outcome],
      intro: undone.length === 0 ? 'Every step is settled.' : `This ends the night with ${undone.length} step${undone.length > 1 ? 's' : ''} not done:`,
      detail: undone,
      label: 'Reason (goes on the timeline)',
      required: true,
      confirm: confirms[outcome],
      danger: true,
      onSubmit: (reason) => void send('cutover.finish', { outcome, reason, ...(outcome === 'completed' ? { early: true } : {}) }),
    });
  };
  const reopen = () =>
    setPrompt({
      title: 'Reopen the night',
      intro: 'The night runs again from where it ended; the end and the reopening stay on the timeline.',
      label: 'Why reopen it?',
      required: true,
      confirm: 'Reopen the night',
      onSubmit: (reason) => void send('cutover.reopen', { reason }),
    });

  const graceLeft = state.endedAt !== null ? Math.ceil((state.endedAt + REOPEN_GRACE_MS - now) / MIN) : 0;
  return (
    <div className="lead-controls">
      {(status === 'draft' || status === 'scheduled') && (
        <>
          <button type="button" className="primary" disabled={pending} onClick={press(start)}>
            Start the night (T0)
          </button>
          <PonrPolicy allowed={state.info?.leadMayCrossPonr === true} onChange={(v) => void send('cutover.update', { leadMayCrossPonr: v })} />
        </>
      )}
      {status === 'in_progress' && (
        <>
          {!rollingBack && (
            <button
              type="button"
              className={undone.length === 0 ? 'primary' : ''}
              title={undone.length ? `${undone.length} steps are not settled yet` : undefined}
              disabled={pending}
              onClick={press(() => finish('completed'))}
            >
              {undone.length === 0 ? 'Complete cutover' : 'Complete early…'}
            </button>
          )}
          <button
            type="button"
            className={rollingBack && !wayBackOpen ? 'primary' : ''}
            title="Ends the night as rolled back (the approver's ROLLBACK starts the way back)"
            onClick={() => finish('rolled_back')}
          >
            End: rolled back…
          </button>
          <button type="button" className="danger" onClick={() => finish('aborted')}>
            Abort…
          </button>
        </>
      )}
      {state.endedAt !== null && status !== 'in_progress' && graceLeft > 0 && (
        <button type="button" onClick={reopen} title={`Possible for ${graceLeft} more min`}>
          Reopen the night…
        </button>
      )}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </div>
  );
}

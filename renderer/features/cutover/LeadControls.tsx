import { useState } from 'react';
import { mayIssue } from '../../../shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../runbook/ReasonPrompt';

/** The lead starts and ends the night; rolling back or aborting asks why. */
export function LeadControls() {
  const status = useCutover((s) => s.state.status);
  const rollingBack = useCutover((s) => s.state.rollback !== null);
  const role = useMyRole();
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  if (!mayIssue(role, 'cutover.start')) return null;
  const finish = (outcome: 'rolled_back' | 'aborted') =>
    setPrompt({
      title: outcome === 'rolled_back' ? 'Record the rollback' : 'Abort the cutover',
      label: 'Reason (goes on the timeline)',
      required: true,
      confirm: outcome === 'rolled_back' ? 'Rolled back' : 'Abort',
      onSubmit: (reason) => void send('cutover.finish', { outcome, reason }),
    });
  return (
    <div className="lead-controls">
      {(status === 'draft' || status === 'scheduled') && (
        <button type="button" className="primary" onClick={() => void send('cutover.start', {})}>Start the night (T0)</button>
      )}
      {status === 'in_progress' && (
        <>
          {!rollingBack && <button type="button" className="primary" onClick={() => void send('cutover.finish', { outcome: 'completed' })}>Complete cutover</button>}
          <button type="button" className={rollingBack ? 'primary' : ''} onClick={() => finish('rolled_back')}>Rolled back…</button>
          <button type="button" className="danger" onClick={() => finish('aborted')}>Abort…</button>
        </>
      )}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </div>
  );
}

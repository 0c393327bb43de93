import { useState } from 'react';
import { mayWorkStep } from '@shared/cutover';
import { seenOf } from '@shared/steps';
import { useCutover } from '../../connection/cutoverStore';

type CompleteStepOfferProps = { stepId: string; onDismiss: () => void };

/** After the update a comms step asked for has gone: tick the step off from here. */
export function CompleteStepOffer({ stepId, onDismiss }: CompleteStepOfferProps) {
  const step = useCutover((s) => s.state.steps[stepId]);
  const member = useCutover((s) => s.member);
  const send = useCutover((s) => s.send);
  const memberState = useCutover((s) => (member ? s.state.members[member.id] : undefined));
  // The step as it was when the offer appeared: failed, reopened and started again meanwhile,
  // "Mark the step done" would complete an attempt nobody has finished; the hub refuses it.
  const [seen] = useState(() => (step ? seenOf(step) : undefined));
  if (!step || !member || step.status === 'done' || step.status === 'skipped' || !mayWorkStep(member, memberState ?? member, step)) return null;
  const complete = async () => {
    if (await send('step.complete', { stepId, ...(seen ? { seen } : {}) })) onDismiss();
  };
  return (
    <p className="comms-offer" role="status">
      {/* Handed to the hub, not yet delivered everywhere perhaps: where it stands is said just above. */}
      The update for “{step.title}” is on its way.{' '}
      <button type="button" className="primary" onClick={() => void complete()}>
        Mark the step done
      </button>{' '}
      <button type="button" className="link" onClick={onDismiss}>
        Not yet
      </button>
    </p>
  );
}

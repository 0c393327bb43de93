import { useState } from 'react';
import { mayWorkStep } from '@shared/cutover';
import { seenOf } from '@shared/steps';
import { useCutover } from '../../connection/cutoverStore';
import { useOnePress } from '../../ui/useOnePress';

type CompleteStepOfferProps = {
  stepId: string;
  /** The template the update was written from, by its title; null for one in the sender's own words. */
  update: string | null;
  onDismiss: () => void;
};

/** After the update a comms step asked for has gone: tick the step off from here. */
export function CompleteStepOffer({ stepId, update, onDismiss }: CompleteStepOfferProps) {
  const step = useCutover((s) => s.state.steps[stepId]);
  const member = useCutover((s) => s.member);
  const send = useCutover((s) => s.send);
  const memberState = useCutover((s) => (member ? s.state.members[member.id] : undefined));
  // One click, one Done: the second of a double click was refused as the step was done already.
  const { pending, press } = useOnePress();
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
      {update ? `“${update}”, the update for “${step.title}”, is on its way.` : `Your update for “${step.title}” is on its way.`}{' '}
      <button type="button" className="primary" disabled={pending} onClick={press(complete)}>
        Mark the step done
      </button>{' '}
      <button type="button" className="link" onClick={onDismiss}>
        Not yet
      </button>
    </p>
  );
}

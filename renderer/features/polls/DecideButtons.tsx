import { useState } from 'react';
import { conditionWords, unmetConditions } from '@shared/checks';
import type { DecisionKind } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';

type DecideButtonsProps = {
  /** The poll decided on; none for a decision taken at any moment of the night. */
  pollId?: string;
  onRecorded?: (decision: DecisionKind) => void;
  /** On a poll GO is the expected answer and stands out; at any moment it is one of three. */
  goLabel?: string;
  goPrimary?: boolean;
};

const WHY: Record<DecisionKind, string> = {
  go: 'Rationale (goes on the timeline)',
  hold: 'Why hold? (goes on the timeline; the lead can poll again)',
  rollback: 'Why roll back? (the crew switches to the rollback checklist)',
};

/** The approver's GO, HOLD and ROLLBACK, on a poll or at any moment, each with its reason. */
export function DecideButtons({ pollId, onRecorded, goLabel = 'Decide GO…', goPrimary = true }: DecideButtonsProps) {
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  // A string, not a fresh array: the store compares selections by value.
  const unmet = useCutover((s) => {
    const poll = pollId ? s.state.polls[pollId] : undefined;
    return poll
      ? unmetConditions(s.state, poll)
          .map((c) => conditionWords(s.state, c))
          .join('\n')
      : '';
  });
  const decide = (decision: DecisionKind) =>
    decision === 'go' && unmet
      ? setPrompt({
          title: 'GO over an unmet condition',
          intro: 'Not every condition is met. A GO now is recorded as an override, with your reason, on the timeline and in the postmortem.',
          detail: unmet.split('\n'),
          label: 'Why go ahead anyway? (the override reason)',
          required: true,
          confirm: 'Record GO over the condition',
          danger: true,
          onSubmit: (reason) =>
            void send('decision.record', { pollId, decision, rationale: reason, override: reason }).then((ok) => ok && onRecorded?.(decision)),
        })
      : setPrompt({
          title: `Decision: ${decision.toUpperCase()}`,
          label: WHY[decision],
          required: true,
          confirm: `Record ${decision.toUpperCase()}`,
          onSubmit: (rationale) =>
            void send('decision.record', { ...(pollId ? { pollId } : {}), decision, rationale }).then((ok) => ok && onRecorded?.(decision)),
        });
  return (
    <>
      <button type="button" className={goPrimary ? 'primary' : ''} onClick={() => decide('go')}>
        {goLabel}
      </button>
      <button type="button" onClick={() => decide('hold')}>
        HOLD…
      </button>
      <button type="button" className="danger" onClick={() => decide('rollback')}>
        ROLLBACK…
      </button>
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </>
  );
}

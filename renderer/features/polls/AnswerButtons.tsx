import { useState } from 'react';
import type { CutoverState } from '@shared/cutover';
import { alreadyAnswered, type ReplacedAnswer, type Vote } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';

type AnswerButtonsProps = { pollId: string; state: CutoverState; replacing: ReplacedAnswer[] };

/**
 * GO and NO-GO for my stations. Where someone else already answered for the station (a
 * poll answered by station), the prompt says whose answer mine replaces before it is sent.
 */
export function AnswerButtons({ pollId, state, replacing }: AnswerButtonsProps) {
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  const warning = replacing.length > 0 ? `${alreadyAnswered(state, replacing)}.` : '';
  const answer = (vote: Vote, comment = '') => void send('poll.answer', { pollId, vote, comment, ...(replacing.length > 0 ? { replace: true } : {}) });
  const noGo = () =>
    setPrompt({
      title: 'NO-GO',
      label: `${warning ? `${warning} Your NO-GO replaces it. ` : ''}Why not? (required)`,
      required: true,
      confirm: 'Answer NO-GO',
      onSubmit: (comment) => answer('no_go', comment),
    });
  const go = () =>
    replacing.length > 0
      ? setPrompt({
          title: 'GO, replacing an answer',
          label: `${warning} Your GO replaces it. A note (optional)`,
          required: false,
          confirm: 'Replace with GO',
          onSubmit: (comment) => answer('go', comment),
        })
      : answer('go');
  return (
    <>
      <button type="button" className="primary" onClick={go}>
        GO
      </button>
      <button type="button" className="danger" onClick={noGo}>
        NO-GO…
      </button>
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </>
  );
}

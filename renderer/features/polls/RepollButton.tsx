import { useState } from 'react';
import { currentRound, isOpen, type PollState } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { useSendingOn } from './useSendingOn';

/** `summary`: the round's counts as the board shows them ("2 GO · 1 NO-GO · 1 waiting"). */
type RepollButtonProps = { poll: PollState; summary: string };

/**
 * The lead's Re-poll: asks the same stations again in a new round. It names the round the
 * board shows, so one that lands after another lead asked again is refused, not a closer of
 * the newer round's answers. An open round that already has answers closes with them: that
 * is asked first.
 */
export function RepollButton({ poll, summary }: RepollButtonProps) {
  const send = useCutover((s) => s.send);
  const sending = useSendingOn('poll.repoll', poll.id);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  const round = currentRound(poll);
  const repoll = () => void send('poll.repoll', { pollId: poll.id, round: round.round });
  const ask = () => {
    if (!isOpen(poll) || Object.keys(round.answers).length === 0) return repoll();
    setPrompt({
      title: `Ask “${poll.question}” again`,
      intro: `Round ${round.round} is still open, with answers in (${summary}). Asking again closes it: its answers stay in the poll’s history, and everyone answers round ${round.round + 1} afresh.`,
      label: null,
      required: false,
      confirm: 'Re-poll',
      onSubmit: repoll,
    });
  };
  return (
    <>
      <button
        type="button"
        disabled={sending}
        title="Asks the same stations again, with the same conditions"
        onClick={(e) => {
          // The second click of a double click is a slip: the first already asked again.
          if (e.detail > 1) return;
          ask();
        }}
      >
        Re-poll
      </button>
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </>
  );
}

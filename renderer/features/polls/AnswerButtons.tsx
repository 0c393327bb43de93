import { useState } from 'react';
import type { CutoverState } from '@shared/cutover';
import { alreadyAnswered, currentRound, standingNoGos, voteWord, type PollAnswer, type ReplacedAnswer, type Vote } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { useSendingOn } from './useSendingOn';

type AnswerButtonsProps = {
  pollId: string;
  state: CutoverState;
  replacing: ReplacedAnswer[];
  /** My answer standing in this round, shown so that nobody answers twice by mistake. */
  myAnswer: PollAnswer | null;
  /** The NO-GOs a GO of mine would take the place of: the hub takes such a GO only with a note. */
  noGosInPlace: PollAnswer[];
};

/**
 * GO and NO-GO for my stations. Where someone else already answered for the station (a
 * poll answered by station), the prompt says whose answer mine replaces before it is sent.
 * A GO in place of a NO-GO (mine or the station's) asks what changed: one click must not
 * take a standing objection off the board.
 */
export function AnswerButtons({ pollId, state, replacing, myAnswer, noGosInPlace }: AnswerButtonsProps) {
  const send = useCutover((s) => s.send);
  const me = useCutover((s) => s.member);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  // My answer on its way: GO waits for it (a double click's second GO would be refused on the round the first closed).
  const answering = useSendingOn('poll.answer', pollId);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const warning = replacing.length > 0 ? `${alreadyAnswered(state, replacing)}.` : '';
  // What this screen shows being replaced goes with the answer: one that took its place meanwhile is asked about again.
  const replaced = replacing.map((r) => ({ station: r.station, by: r.by.id, vote: r.vote }));
  // And the round it shows: an answer that lands after the lead put the question again is asked again.
  const poll = state.polls[pollId];
  const round = poll ? currentRound(poll).round : undefined;
  const answer = (vote: Vote, comment = '') =>
    void send('poll.answer', { pollId, vote, comment, ...(round ? { round } : {}), ...(replacing.length > 0 ? { replace: true, replacing: replaced } : {}) });
  const noGo = () =>
    setPrompt({
      title: 'NO-GO',
      label: `${warning ? `${warning} Your NO-GO replaces it. ` : ''}Why not? (required)`,
      required: true,
      confirm: 'Answer NO-GO',
      onSubmit: (comment) => answer('no_go', comment),
    });
  const go = () => {
    if (noGosInPlace.length > 0) {
      return setPrompt({
        title: 'GO in place of a NO-GO',
        label: `${standingNoGos(noGosInPlace, me?.id ?? '')}. What changed? (required)`,
        required: true,
        confirm: 'Answer GO',
        onSubmit: (comment) => answer('go', comment),
      });
    }
    if (replacing.length === 0) return answer('go');
    setPrompt({
      title: 'GO, replacing an answer',
      label: `${warning} Your GO replaces it. A note (optional)`,
      required: false,
      confirm: 'Replace with GO',
      onSubmit: (comment) => answer('go', comment),
    });
  };
  return (
    <>
      {myAnswer && (
        <p className="poll__mine" data-testid="poll-my-answer">
          You answered <b className={`poll__mine-vote poll__mine-vote--${myAnswer.vote}`}>{voteWord(myAnswer.vote)}</b> at {clockTime(myAnswer.at, tz)}
          {myAnswer.comment ? `: ${myAnswer.comment}` : ''}
        </p>
      )}
      {/* Once answered, neither choice is the bright one: changing an answer is never the obvious next click. */}
      <button
        type="button"
        className={myAnswer ? '' : 'primary'}
        disabled={answering}
        onClick={(e) => {
          // The second click of a double click is a slip, never a second answer.
          if (e.detail > 1) return;
          go();
        }}
      >
        {noGosInPlace.length > 0 ? 'GO…' : 'GO'}
      </button>
      <button type="button" className="danger" onClick={noGo}>
        NO-GO…
      </button>
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </>
  );
}

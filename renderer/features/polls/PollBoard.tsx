import { mayIssue, type Member } from '@shared/cutover';
import { askedAgainSince, awaitingDecision, currentRound } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { useStateFor } from '../../connection/useStateFor';
import { useShownNow } from '../../lib/useNow';
import { AnswerButtons } from './AnswerButtons';
import { AnswerRows } from './AnswerRows';
import { DecideButtons } from './DecideButtons';
import { PollConditions } from './PollConditions';
import { POLL_FIELDS } from './pollFields';
import { PollHistory } from './PollHistory';
import { askedAs, pollView, roundState } from './pollView';
import { RepollButton } from './RepollButton';

type PollBoardProps = { pollId: string; me: Member | null };

/**
 * A go/no-go board: the counts, every answer with its reason, who is waiting, the
 * conditions and the rounds. The approver decides a waiting poll on the decision panel
 * (offered once, there); only a poll the panel does not hold (closed by the lead) is
 * decided from its board, as is one waiting behind the panel's (the panel shows the newest
 * and points here). A board whose question was asked again since (the same gate, or the same
 * question) says where it is decided now: a GO on it is refused (askedAgainSince), so it is
 * not offered.
 */
export function PollBoard({ pollId, me }: PollBoardProps) {
  const state = useStateFor(POLL_FIELDS);
  const send = useCutover((s) => s.send);
  const now = useShownNow();
  const poll = state.polls[pollId];
  if (!poll) return null;
  const v = pollView(state, poll, me);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const role = me ? (state.members[me.id]?.role ?? me.role) : 'observer';
  // The panel holds the newest poll waiting (decisionPanelView); any other waiting is decided here.
  const onPanel = awaitingDecision(state)[0]?.id === pollId;
  const newer = v.decided ? null : askedAgainSince(state, poll);
  const missing = v.rows.filter((r) => r.vote === null).flatMap((r) => r.labels);

  return (
    <article className={`poll ${v.open ? 'poll--open' : 'poll--closed'}`} data-poll-id={pollId} aria-label={poll.question}>
      <header className="poll__head">
        <h3>{poll.question}</h3>
        <span className="poll__state" data-testid="poll-state">
          {roundState(v, tz, now)}
        </span>
      </header>
      <p className="poll__summary" data-testid="poll-summary">
        {v.summary}
        <span className="hint"> · {v.byPerson ? 'each person answers' : 'one answer per station'}</span>
      </p>
      <AnswerRows rows={v.rows} byPerson={v.byPerson} tz={tz} open={v.open} />
      {v.open && missing.length > 0 && <p className="hint">Still missing: {[...new Set(missing)].join(', ')}</p>}
      <PollConditions pollId={pollId} conditions={poll.conditions} mayCheck={mayIssue(role, 'poll.check') && v.open} />
      {v.decided && (
        <p className={`poll__decision decision--${v.decided.decision}`} data-testid="poll-decision">
          {v.decided.decision.toUpperCase()} by {v.decided.by.name}: {v.decided.rationale}
        </p>
      )}
      {newer && (
        <p className="hint" data-testid="poll-asked-again">
          Asked again since{askedAs(poll, newer)}: the decision is made there.
        </p>
      )}
      <div className="poll__actions">
        {v.open && v.mine.length > 0 && (
          <AnswerButtons pollId={pollId} state={state} replacing={v.replacing} myAnswer={v.myAnswer} noGosInPlace={v.noGosInPlace} />
        )}
        {mayIssue(role, 'poll.close') && v.open && (
          <button type="button" onClick={() => void send('poll.close', { pollId, round: currentRound(poll).round })}>
            Close poll
          </button>
        )}
        {mayIssue(role, 'decision.record') && !v.decided && !newer && !onPanel && state.status === 'in_progress' && <DecideButtons pollId={pollId} />}
        {v.mayRepoll && <RepollButton poll={poll} summary={v.summary} />}
      </div>
      <PollHistory state={state} poll={poll} tz={tz} />
    </article>
  );
}

import { useState } from 'react';
import { mayIssue, type Member } from '../../../shared/cutover';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime, span } from '../../lib/time';
import { useHubNow } from '../../lib/useNow';
import { ReasonPrompt, type PromptRequest } from '../runbook/ReasonPrompt';
import { pollView } from './pollView';

type PollBoardProps = { pollId: string; me: Member | null };

const CLOSE_WORDS: Record<string, string> = { complete: 'every station answered', deadline: 'deadline reached', closed_by_lead: 'closed by the lead', decided: 'decided', repolled: 'asked again' };

/** A launch-poll board: each station, its answer and when, who is missing, and the decision. */
export function PollBoard({ pollId, me }: PollBoardProps) {
  const state = useCutover((s) => s.state);
  const send = useCutover((s) => s.send);
  const now = useHubNow();
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  const poll = state.polls[pollId];
  if (!poll) return null;
  const v = pollView(state, poll, me);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const role = me ? (state.members[me.id]?.role ?? me.role) : 'observer';
  const decide = (decision: 'go' | 'hold' | 'rollback') =>
    setPrompt({
      title: `Decision: ${decision.toUpperCase()}`,
      label: 'Rationale (goes on the timeline)',
      required: true,
      confirm: `Record ${decision.toUpperCase()}`,
      onSubmit: (rationale) => void send('decision.record', { pollId, decision, rationale }),
    });

  return (
    <article className={`poll ${v.open ? 'poll--open' : 'poll--closed'}`} data-poll-id={pollId} aria-label={poll.question}>
      <header className="poll__head">
        <h3>{poll.question}</h3>
        <span className="poll__state" data-testid="poll-state">
          {v.open ? `Open · round ${v.round}` : `Closed · ${CLOSE_WORDS[v.closeReason ?? ''] ?? ''}`}
          {v.open && poll.deadline !== null && ` · closes in ${span(Math.max(0, poll.deadline - now))}`}
        </span>
      </header>
      <table className="poll__board">
        <tbody>
          {v.rows.map((r) => (
            <tr key={r.key} data-station={r.label} className={r.answer ? `vote--${r.answer.vote}` : 'vote--missing'}>
              <th scope="row">{r.label}</th>
              <td className="poll__vote">{r.answer ? (r.answer.vote === 'go' ? '✓ GO' : '✕ NO-GO') : '… waiting'}</td>
              <td className="poll__who">{r.answer && `${r.answer.by.name} ${clockTime(r.answer.at, tz)}`}</td>
              <td className="poll__comment">{r.answer?.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {v.open && v.missing.length > 0 && <p className="hint">Still missing: {v.missing.join(', ')}</p>}
      {poll.conditions.length > 0 && (
        <ul className="poll__conditions">
          {poll.conditions.map((c, i) => (
            <li key={i} className={c.met === null ? '' : c.met ? 'met' : 'unmet'}>
              <span>{c.met === null ? '○ unchecked' : c.met ? '✓ met' : '✕ not met'}</span> {c.text}
              {mayIssue(role, 'poll.check') && v.open && (
                <button type="button" onClick={() => void send('poll.check', { pollId, index: i, met: !(c.met ?? false) })}>{c.met ? 'Mark not met' : 'Mark met'}</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {v.decided && (
        <p className={`poll__decision decision--${v.decided.decision}`} data-testid="poll-decision">
          {v.decided.decision.toUpperCase()} by {v.decided.by}: {v.decided.rationale}
        </p>
      )}
      <div className="poll__actions">
        {v.open && v.mine.length > 0 && (
          <>
            <button type="button" className="primary" onClick={() => void send('poll.answer', { pollId, vote: 'go' })}>GO</button>
            <button
              type="button"
              className="danger"
              onClick={() => setPrompt({ title: 'NO-GO', label: 'Why not? (required)', required: true, confirm: 'Answer NO-GO', onSubmit: (comment) => void send('poll.answer', { pollId, vote: 'no_go', comment }) })}
            >
              NO-GO…
            </button>
          </>
        )}
        {mayIssue(role, 'poll.close') && v.open && <button type="button" onClick={() => void send('poll.close', { pollId })}>Close poll</button>}
        {mayIssue(role, 'poll.repoll') && !v.decided && <button type="button" onClick={() => void send('poll.repoll', { pollId })}>Re-poll</button>}
        {mayIssue(role, 'decision.record') && !v.decided && state.status === 'in_progress' && (
          <>
            <button type="button" className="primary" onClick={() => decide('go')}>Decide GO…</button>
            <button type="button" onClick={() => decide('hold')}>HOLD…</button>
            <button type="button" className="danger" onClick={() => decide('rollback')}>ROLLBACK…</button>
          </>
        )}
      </div>
      {poll.rounds.length > 1 || poll.rounds[0]!.history.length > v.rows.filter((r) => r.answer).length ? (
        <details className="poll__history">
          <summary>Every answer, changes included</summary>
          <ol>
            {poll.rounds.flatMap((r) => r.history.map((a, i) => (
              <li key={`${r.round}-${i}`}>round {r.round} · {clockTime(a.at, tz)} · {a.by.name}: {a.vote === 'go' ? 'GO' : 'NO-GO'}{a.comment ? ` (${a.comment})` : ''}</li>
            )))}
          </ol>
        </details>
      ) : null}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </article>
  );
}

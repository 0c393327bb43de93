import type { CutoverState } from '@shared/cutover';
import { roundDecisions, voteWord, type PollState } from '@shared/polls';
import { clockTime } from '../../lib/time';
import { CLOSE_WORDS } from './pollView';

type PollHistoryProps = { state: CutoverState; poll: PollState; tz: string };

/** Every round, numbered and timed, with every answer given in it (changes included) and its decisions. */
export function PollHistory({ state, poll, tz }: PollHistoryProps) {
  const answers = poll.rounds.reduce((n, r) => n + r.history.length, 0);
  if (poll.rounds.length < 2 && answers === 0) return null;
  const t = (ms: number) => clockTime(ms, tz);
  return (
    <details className="poll__history">
      <summary>Every round and answer, changes included</summary>
      <ol>
        {poll.rounds.map((r) => (
          <li key={r.round} data-round={r.round}>
            <strong>
              Round {r.round} · {t(r.openedAt)}–{r.closedAt === null ? 'open' : `${t(r.closedAt)} (${CLOSE_WORDS[r.closeReason ?? ''] ?? ''})`}
            </strong>
            <ul>
              {r.history.map((a, i) => (
                <li key={i}>
                  {t(a.at)} · {a.by.name}: {voteWord(a.vote)}
                  {a.comment ? ` (${a.comment})` : ''}
                  {a.replaced?.map((x) => ` · replaced ${x.by.name}’s ${voteWord(x.vote)}`).join('')}
                </li>
              ))}
              {roundDecisions(state, poll, r).map((d) => (
                <li key={d.id} className={`decision--${d.decision}`}>
                  {t(d.at)} · Decision {d.decision.toUpperCase()} by {d.by.name}: {d.rationale}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </details>
  );
}

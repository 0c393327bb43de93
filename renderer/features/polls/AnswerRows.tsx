import { voteWord } from '@shared/polls';
import { clockTime } from '../../lib/time';
import type { BoardRow } from './pollView';

/** `open`: the round still takes answers; once closed, a row without one did not answer, and waits no more. */
type AnswerRowsProps = { rows: BoardRow[]; byPerson: boolean; tz: string; open: boolean };

const VOTE_MARK = { go: '✓ GO', no_go: '✕ NO-GO' } as const;

/**
 * Every answer with its reason on a line of its own (a NO-GO's reason is the point, so it
 * is never cut short), then who is still waiting.
 */
export function AnswerRows({ rows, byPerson, tz, open }: AnswerRowsProps) {
  return (
    <ul className="answers">
      {rows.map((r) => (
        <li key={r.key} className={`answer vote--${r.vote ?? 'missing'}`} data-station={r.labels.join(', ')} data-who={r.who ?? ''}>
          <div className="answer__head">
            <span className="poll__vote">{r.vote ? VOTE_MARK[r.vote] : open ? '… waiting' : '— no answer'}</span>
            <strong className="answer__who">{r.who ?? (byPerson ? 'nobody on shift yet' : 'anyone')}</strong>
            <span className="answer__stations">{r.labels.join(', ')}</span>
            {r.at !== null && <time className="answer__at">{clockTime(r.at, tz)}</time>}
          </div>
          {r.reason && <p className="answer__reason">{r.reason}</p>}
          {r.replaced.map((x) => (
            <p key={`${x.station}-${x.by.id}`} className="answer__replaced">
              Replaced {x.by.name}’s {voteWord(x.vote)}
              {x.comment ? `: ${x.comment}` : ''}
            </p>
          ))}
        </li>
      ))}
    </ul>
  );
}

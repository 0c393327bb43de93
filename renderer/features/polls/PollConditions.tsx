import type { PollCondition } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';

type PollConditionsProps = { pollId: string; conditions: PollCondition[]; mayCheck: boolean };

/** The conditions of a poll, met or not and by whom; those who may check them tick them here. */
export function PollConditions({ pollId, conditions, mayCheck }: PollConditionsProps) {
  const send = useCutover((s) => s.send);
  if (conditions.length === 0) return null;
  return (
    <ul className="poll__conditions">
      {conditions.map((c, i) => (
        <li key={i} className={c.met === null ? '' : c.met ? 'met' : 'unmet'}>
          <span>{c.met === null ? '○ unchecked' : c.met ? '✓ met' : '✕ not met'}</span> {c.text}
          {c.by && <small className="poll__checker"> · checked by {c.by}</small>}
          {mayCheck && (
            <button type="button" onClick={() => void send('poll.check', { pollId, index: i, met: !(c.met ?? false) })}>
              {c.met ? 'Mark not met' : 'Mark met'}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

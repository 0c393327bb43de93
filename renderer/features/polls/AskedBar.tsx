import { useMemo } from 'react';
import { mayIssue } from '@shared/cutover';
import { pollsAwaiting } from '@shared/polls';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { useStateFor } from '../../connection/useStateFor';
import { POLL_FIELDS } from './pollFields';

type AskedBarProps = {
  /** Opens the Go/No-go tab, where the poll's board asks. */
  onAnswer: () => void;
};

/**
 * A line across the top for whoever a poll asks and has not answered: the gate waits on them,
 * and the board that asks is a side tab they may not have open. The approver's decision panel
 * asks them already, with their own answer's buttons.
 */
export function AskedBar({ onAnswer }: AskedBarProps) {
  const state = useStateFor(POLL_FIELDS);
  const me = useCutover((s) => s.member);
  const role = useMyRole();
  const asked = useMemo(() => (me && !mayIssue(role, 'decision.record') ? pollsAwaiting(state, me) : []), [state, me, role]);
  const first = asked[0];
  if (!first) return null;
  return (
    <div className="asked-bar" role="status" data-testid="asked-bar">
      <span className="asked-bar__kicker">Go/no-go · your answer is asked</span>
      <strong className="asked-bar__question">{first.question}</strong>
      {asked.length > 1 && <span className="hint">and {asked.length - 1} more</span>}
      <button type="button" className="primary" onClick={onAnswer}>
        Answer…
      </button>
    </div>
  );
}

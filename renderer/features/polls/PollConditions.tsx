import { checkOf, conditionMet, passesNow } from '@shared/checks';
import { gateOwnChecks, type PollCondition } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { useHubNow } from '../../lib/useNow';
import { CheckStatus } from '../checks';

type PollConditionsProps = { pollId: string; conditions: PollCondition[]; mayCheck: boolean };

/** The conditions of a poll, met or not and by whom; those who may check them tick them here. */
export function PollConditions({ pollId, conditions, mayCheck }: PollConditionsProps) {
  const send = useCutover((s) => s.send);
  // Conditions bound to checks are met while their check passes now: read live, not ticked; a
  // pass read long ago is not (conditionMet), and the clock ticks so one ages out on screen.
  const now = useHubNow(5_000);
  // The gate's own checks stand beside the conditions: a GO on the poll passes the gate (againstGo).
  // Joined to a string so the selector's answer is stable between renders.
  const gateIds = useCutover((s) => {
    const poll = s.state.polls[pollId];
    return poll
      ? gateOwnChecks(s.state, poll)
          .map((c) => c.config.id)
          .join('\n')
      : '';
  });
  const gateChecks = gateIds === '' ? [] : gateIds.split('\n');
  const allMet = useCutover(
    (s) =>
      (gateChecks.length > 0 || conditions.some((c) => c.checkId)) &&
      conditions.every((c) => conditionMet(s.state, c, now) === true) &&
      gateChecks.every((id) => passesNow(checkOf(s.state, id), now)),
  );
  if (conditions.length === 0 && gateChecks.length === 0) return null;
  return (
    <ul className="poll__conditions">
      {allMet && (
        <li className="met poll__all-met" data-testid="all-conditions-met" role="status">
          ✓ Every condition is met
        </li>
      )}
      {conditions.map((c, i) =>
        c.checkId ? (
          <li key={i} data-testid="check-condition">
            {c.text}: <CheckStatus checkId={c.checkId} />
          </li>
        ) : (
          <li key={i} className={c.met === null ? '' : c.met ? 'met' : 'unmet'}>
            <span>{c.met === null ? '○ unchecked' : c.met ? '✓ met' : '✕ not met'}</span> {c.text}
            {c.by && <small className="poll__checker"> · checked by {c.by}</small>}
            {mayCheck && (
              <button type="button" onClick={() => void send('poll.check', { pollId, index: i, met: !(c.met ?? false), was: c.met })}>
                {c.met ? 'Mark not met' : 'Mark met'}
              </button>
            )}
          </li>
        ),
      )}
      {gateChecks.map((id) => (
        <li key={id} data-testid="gate-check">
          Gate’s check “<GateCheckName checkId={id} />
          ”: <CheckStatus checkId={id} />
        </li>
      ))}
    </ul>
  );
}

function GateCheckName({ checkId }: { checkId: string }) {
  return <>{useCutover((s) => checkOf(s.state, checkId)?.config.name ?? checkId)}</>;
}

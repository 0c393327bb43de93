import { useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { awaitingDecision } from '@shared/polls';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { ChecksPanel } from '../checks';
import { clockTime } from '../../lib/time';
import { DecisionBar } from './DecisionBar';
import { OpenPollForm } from './OpenPollForm';
import { PollBoard } from './PollBoard';

/** Go/no-go: the last decision, then every poll, newest first. */
export function PollsPanel() {
  const order = useCutover((s) => s.state.pollOrder);
  const decisions = useCutover((s) => s.state.decisions);
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const me = useCutover((s) => s.member);
  const role = useMyRole();
  const running = useCutover((s) => s.state.status === 'in_progress');
  // While a poll waits on the approver, the decision panel at the top offers GO, HOLD and ROLLBACK: the bar steps aside (DecisionBar).
  const panelShown = useCutover((s) => awaitingDecision(s.state).length > 0);
  const [opening, setOpening] = useState(false);
  const last = decisions[decisions.length - 1];
  return (
    <section className="polls" aria-label="Go/no-go">
      {last && (
        <p className={`decision-banner decision--${last.decision}`} data-testid="last-decision">
          {last.decision.toUpperCase()} · {last.by.name} at {clockTime(last.at, tz)}: {last.rationale}
        </p>
      )}
      {mayIssue(role, 'decision.record') && running && <DecisionBar panelShown={panelShown} />}
      {mayIssue(role, 'poll.open') && running && !opening && (
        <button type="button" className="primary" onClick={() => setOpening(true)}>
          Open a go/no-go poll
        </button>
      )}
      {opening && <OpenPollForm onDone={() => setOpening(false)} />}
      {order.length === 0 && !opening && <p className="hint">No polls yet. The lead opens one before each gate.</p>}
      {[...order].reverse().map((id) => (
        <PollBoard key={id} pollId={id} me={me} />
      ))}
      <ChecksPanel />
    </section>
  );
}

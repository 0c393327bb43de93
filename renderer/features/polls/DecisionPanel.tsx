import { useRef, useState } from 'react';
import type { DecisionKind } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { useStateFor } from '../../connection/useStateFor';
import { useShownNow } from '../../lib/useNow';
import { AnswerButtons } from './AnswerButtons';
import { AnswerRows } from './AnswerRows';
import { DecideButtons } from './DecideButtons';
import { DecisionTold } from './DecisionTold';
import { decisionPanelView } from './decisionPanelView';
import { PollConditions } from './PollConditions';
import { POLL_FIELDS } from './pollFields';

/**
 * The approver's first view while a poll waits on them, at the top of the screen: the
 * question, the counts, every answer with its reason, the conditions, the gate and the
 * time left to the point of no return, and the decision itself, offered once.
 */
export function DecisionPanel() {
  const state = useStateFor(POLL_FIELDS);
  const me = useCutover((s) => s.member);
  const now = useShownNow();
  const [recorded, setRecorded] = useState<DecisionKind | null>(null);
  // A prompt open on the panel outlives its poll's waiting (another approver decided it): the
  // panel stays as it last was, saying so, so what is being written is not swept away with it.
  const [prompting, setPrompting] = useState(false);
  const seen = decisionPanelView(state, me, now);
  const last = useRef(seen);
  if (seen) last.current = seen;
  const v = seen ?? (prompting ? last.current : null);
  if (!v) {
    if (!recorded) return null;
    return (
      <div className="decision-panel decision-panel--told">
        <DecisionTold decision={recorded} onDone={() => setRecorded(null)} />
        <button type="button" className="link" onClick={() => setRecorded(null)}>
          Dismiss
        </button>
      </div>
    );
  }
  const { board } = v;
  const pollId = board.poll.id;
  const tz = state.info?.window.timeZone ?? 'UTC';

  return (
    <section
      className={`decision-panel ${board.noGo > 0 ? 'decision-panel--no-go' : ''}`}
      aria-label="Your go/no-go decision"
      data-testid="decision-panel"
      data-poll-id={pollId}
    >
      <header className="decision-panel__head">
        <div className="decision-panel__question">
          <span className="decision-panel__kicker">Go/no-go · your decision</span>
          <h2>{board.poll.question}</h2>
          <span className="decision-panel__status">{seen ? v.status : 'No longer waiting on you'}</span>
        </div>
        <div className="decision-panel__decide" role="group" aria-label="Decide">
          <DecideButtons pollId={pollId} onRecorded={setRecorded} onPrompting={setPrompting} />
        </div>
      </header>
      <ul className="decision-panel__facts">
        <li className="decision-panel__tally" data-testid="decision-tally">
          {board.summary}
        </li>
        {v.gate && (
          <li>
            Gate: “{v.gate.title}”{v.gate.opens.length > 0 && <> · a GO lets {v.gate.opens.map((t) => `“${t}”`).join(', ')} start</>}
          </li>
        )}
        {v.gate && v.gate.waits.length > 0 && (
          <li className="tone--warn" data-testid="decision-gate-waits">
            The gate still waits on {v.gate.waits.map((t) => `“${t}”`).join(', ')}: a GO cannot pass it until {v.gate.waits.length > 1 ? 'they are' : 'it is'}{' '}
            done. HOLD is taken now.
          </li>
        )}
        {!seen && (
          <li className="tone--warn" data-testid="decision-no-longer-waits">
            This poll no longer waits on you (decided or closed meanwhile): what you are writing stays until you send or cancel it.
          </li>
        )}
        {v.askedAgain && (
          <li className="tone--warn" data-testid="decision-asked-again">
            {v.askedAgain}
          </li>
        )}
        {v.ponr && (
          <li className={`decision-panel__ponr tone--${v.ponr.tone}`} data-testid="decision-ponr">
            {v.ponr.text}
          </li>
        )}
      </ul>
      <AnswerRows rows={board.rows} byPerson={board.byPerson} tz={tz} open={board.open} />
      <PollConditions pollId={pollId} conditions={board.poll.conditions} mayCheck={false} />
      {board.open && board.mine.length > 0 && (
        <div className="decision-panel__mine" role="group" aria-label="Your answer">
          <span className="hint">Your own answer to the poll:</span>
          <AnswerButtons pollId={pollId} state={state} replacing={board.replacing} myAnswer={board.myAnswer} noGosInPlace={board.noGosInPlace} />
        </div>
      )}
      {v.more > 0 && <p className="hint">{v.more === 1 ? 'One more poll waits' : `${v.more} more polls wait`} for a decision: see the Go/No-go tab.</p>}
    </section>
  );
}

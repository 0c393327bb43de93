import { useMemo, useState } from 'react';
import { untickedConditions } from '@shared/checks';
import { rollingBack } from '@shared/cutover';
import { againstGo, askedAgainSince, currentRound, nothingAgainst, type AgainstGo, type DecisionKind } from '@shared/polls';
import { useCutover } from '../../connection/cutoverStore';
import { useStateFor } from '../../connection/useStateFor';
import { useHubNow } from '../../lib/useNow';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { DECISION_FIELDS } from './pollFields';

type DecideButtonsProps = {
  /** The poll decided on; none for a decision taken at any moment of the night. */
  pollId?: string;
  onRecorded?: (decision: DecisionKind) => void;
  /** On a poll GO is the expected answer and stands out; at any moment it is one of three. */
  goLabel?: string;
  goPrimary?: boolean;
  /** Told when a prompt opens (true) and closes (false): a host that would hide these buttons keeps them while one is open. */
  onPrompting?: (open: boolean) => void;
};

/** What the approver sees against a GO on the poll: what the hub will call an override, and conditions nobody ticked. */
type Seen = { against: AgainstGo | null; unticked: string[] };
const NONE: Seen = { against: null, unticked: [] };

const WHY: Record<DecisionKind, string> = {
  go: 'Rationale (goes on the timeline)',
  hold: 'Why hold? (goes on the timeline; the lead can poll again)',
  rollback: 'Why roll back? (the crew switches to the rollback checklist)',
};

/** The approver's GO, HOLD and ROLLBACK, on a poll or at any moment, each with its reason. */
export function DecideButtons({ pollId, onRecorded, onPrompting, goLabel = 'Decide GO…', goPrimary = true }: DecideButtonsProps) {
  const send = useCutover((s) => s.send);
  const [prompt, setShownPrompt] = useState<PromptRequest | null>(null);
  const setPrompt = (p: PromptRequest | null) => {
    setShownPrompt(p);
    onPrompting?.(p !== null);
  };
  // What stands against a GO on this poll, as the hub will judge it.
  const state = useStateFor(DECISION_FIELDS);
  const poll = pollId ? state.polls[pollId] : undefined;
  // A condition's pass ages: the clock ticks so the GO asks for an override once it is too old (conditionMet).
  const now = useHubNow(5_000);
  const { against, unticked } = useMemo<Seen>(
    () => (poll ? { against: againstGo(state, poll, now), unticked: untickedConditions(poll).map((c) => `“${c.text}”`) } : NONE),
    [state, poll, now],
  );
  const overridden = against !== null && !nothingAgainst(against);
  const goingBack = rollingBack(state);
  // The hub takes a GO on a poll asked again since only on the newer board (askedAgainSince): not offered here.
  const newer = poll ? askedAgainSince(state, poll) : null;
  // The prompt says what it decides on: the poll on the panel may change under it (a newer poll opens).
  const on = poll ? ` on “${poll.question}”` : '';
  const decide = (decision: DecisionKind) => {
    // The last decision this screen shows as the prompt opens: one recorded meanwhile (another
    // approver's HOLD) makes the hub refuse this one, so nobody decides over what they did not see.
    const after = state.decisions.at(-1)?.id ?? null;
    // And the round of the poll it shows: a re-poll while the prompt is open makes the hub refuse it.
    const round = poll ? { round: currentRound(poll).round } : {};
    return decision === 'go' && overridden
      ? setPrompt({
          title: `${against.noGos.length > 0 ? 'GO over a standing NO-GO' : 'GO over an unmet condition'}${on}`,
          intro: 'Not everything says go. A GO now is recorded as an override, with your reason and what it goes over, on the timeline and in the postmortem.',
          detail: [...against.conditions, ...against.noGos.map((n) => `NO-GO: ${n}`), ...unticked.map((u) => `Not ticked: ${u}`)],
          label: 'Why go ahead anyway? (the override reason)',
          required: true,
          confirm: against.conditions.length + against.noGos.length > 1 ? 'Record GO over them' : 'Record GO over it',
          danger: true,
          onSubmit: (reason) =>
            void send('decision.record', { pollId, decision, rationale: reason, override: reason, after, ...round }).then((ok) => ok && onRecorded?.(decision)),
        })
      : setPrompt({
          title: `Decision: ${decision.toUpperCase()}${on}`,
          ...(decision === 'go' && unticked.length > 0
            ? { intro: `Nobody has ticked ${unticked.join(', ')} as met: tick ${unticked.length > 1 ? 'them' : 'it'} on the poll, or decide knowing it.` }
            : {}),
          label: WHY[decision],
          required: true,
          confirm: `Record ${decision.toUpperCase()}`,
          // There is no undoing a ROLLBACK: red, and its reason is not sent by a stray Enter.
          ...(decision === 'rollback' ? { danger: true } : {}),
          onSubmit: (rationale) =>
            void send('decision.record', { ...(pollId ? { pollId } : {}), decision, rationale, after, ...round }).then((ok) => ok && onRecorded?.(decision)),
        });
  };
  return (
    <>
      {/* With something against it, GO is not the bright choice; while the night goes back, or on a question asked again since, none (the hub refuses it). */}
      {!goingBack && !newer && (
        <button type="button" className={goPrimary && !overridden ? 'primary' : ''} onClick={() => decide('go')}>
          {goLabel}
        </button>
      )}
      <button type="button" onClick={() => decide('hold')}>
        HOLD…
      </button>
      <button type="button" className="danger" onClick={() => decide('rollback')}>
        ROLLBACK…
      </button>
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </>
  );
}

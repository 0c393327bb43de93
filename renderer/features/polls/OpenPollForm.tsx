import { useState, type FormEvent } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { useStateFor } from '../../connection/useStateFor';
import { checkList } from '@shared/checks';
import type { AnswerBy } from '@shared/polls';
import { defaultStations, stationChoices } from './pollView';
import { MIN } from '@shared/time';

/** The gates to ask about, the members to ask and the checks a condition can stand on. */
const FORM_FIELDS = ['steps', 'members', 'checks', 'checkOrder'] as const;

type OpenPollFormProps = { onDone: () => void };

/**
 * The lead asks a go/no-go question of named stations, optionally for a gate, by a deadline.
 * Everyone on shift in the polled roles starts ticked: the lead unticks, never re-ticks.
 */
export function OpenPollForm({ onDone }: OpenPollFormProps) {
  const state = useStateFor(FORM_FIELDS);
  const send = useCutover((s) => s.send);
  const clockOffset = useCutover((s) => s.clockOffsetMs);
  const gates = Object.values(state.steps).filter((s) => s.kind === 'gate' && s.status !== 'done');
  const [question, setQuestion] = useState(gates[0] ? `${gates[0].title}?` : '');
  const [stations, setStations] = useState<string[]>(() => defaultStations(state));
  const [answerBy, setAnswerBy] = useState<AnswerBy>('person');
  const [gate, setGate] = useState(gates[0]?.id ?? '');
  const [minutes, setMinutes] = useState('');
  const [conditions, setConditions] = useState('');
  const checks = checkList(state);
  const [bound, setBound] = useState<string[]>([]);
  const [requireChecks, setRequireChecks] = useState(false);
  const toggleCheck = (id: string) => setBound((b) => (b.includes(id) ? b.filter((k) => k !== id) : [...b, id]));
  const choices = stationChoices(state);
  const toggle = (key: string) => setStations((s) => (s.includes(key) ? s.filter((k) => k !== key) : [...s, key]));

  // Open once: the form stays until the hub answers, and a second press would ask again (the
  // hub refuses a second poll on a gate, but says so as a refusal).
  const [opening, setOpening] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (opening) return;
    setOpening(true);
    const deadline = minutes ? Date.now() + clockOffset + Number(minutes) * MIN : undefined;
    void send('poll.open', {
      question: question.trim(),
      stations,
      answerBy,
      ...(gate ? { gateStepId: gate } : {}),
      ...(deadline ? { deadline: Math.round(deadline) } : {}),
      // A condition bound to a check is met while the check passes; the hub reads it, nobody ticks it.
      conditions: [
        ...checks.filter((c) => bound.includes(c.config.id)).map((c) => ({ text: c.config.name, checkId: c.config.id })),
        ...conditions
          .split('\n')
          .map((c) => c.trim())
          .filter(Boolean),
      ],
      ...(gate && requireChecks ? { requireChecks: true } : {}),
    }).then((ok) => (ok ? onDone() : setOpening(false)));
  };

  return (
    <form className="card poll-form" onSubmit={submit} aria-label="Open a go/no-go poll">
      <label className="field">
        <span>Question</span>
        <input value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={500} />
      </label>
      <fieldset className="field">
        <legend>Who must answer</legend>
        <div className="poll-form__stations">
          {choices.map((c) => (
            <label key={c.key} className="toggle">
              <input type="checkbox" checked={stations.includes(c.key)} onChange={() => toggle(c.key)} /> {c.label}
            </label>
          ))}
        </div>
        <label className="toggle">
          <input type="checkbox" checked={answerBy === 'station'} onChange={(e) => setAnswerBy(e.target.checked ? 'station' : 'person')} /> Any one member
          answers for a station (otherwise each person answers)
        </label>
      </fieldset>
      <div className="row">
        <label className="field">
          <span>Gate step</span>
          <select value={gate} onChange={(e) => setGate(e.target.value)}>
            <option value="">None</option>
            {gates.map((g) => (
              <option key={g.id} value={g.id}>
                {g.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Closes in (minutes, optional)</span>
          <input type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
      </div>
      {checks.length > 0 && (
        <fieldset className="field">
          <legend>Conditions the hub checks</legend>
          <div className="poll-form__stations">
            {checks.map((c) => (
              <label key={c.config.id} className="toggle">
                <input type="checkbox" checked={bound.includes(c.config.id)} onChange={() => toggleCheck(c.config.id)} /> {c.config.name}
              </label>
            ))}
          </div>
          {gate && (
            <label className="toggle">
              <input type="checkbox" checked={requireChecks} onChange={(e) => setRequireChecks(e.target.checked)} /> Open only once every check of these
              conditions and of the gate step passes
            </label>
          )}
        </fieldset>
      )}
      <label className="field">
        <span>Conditions, one per line (checked by hand)</span>
        <textarea rows={2} value={conditions} onChange={(e) => setConditions(e.target.value)} placeholder="Replication lag under 5 s for 10 minutes" />
      </label>
      {/* Sent is sent: with the link down it waits in this window and goes when the link is back.
          Cancel then would close the form over a poll that still opens for the whole crew. */}
      {opening && (
        <p className="hint" role="status" data-testid="poll-opening">
          Sent: the poll opens for the crew as soon as the hub has it.
        </p>
      )}
      <div className="modal__actions">
        <button type="button" onClick={onDone} disabled={opening}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={opening || !question.trim() || stations.length === 0}>
          Open poll
        </button>
      </div>
    </form>
  );
}

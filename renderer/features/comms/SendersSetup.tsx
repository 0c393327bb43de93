import { useMemo } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { senderChoices } from './commsView';

/** Who may send updates: comms and the lead always; anyone else of the crew once the lead ticks them. */
export function SendersSetup() {
  const members = useCutover((s) => s.state.members);
  const config = useCutover((s) => s.state.comms.config);
  const send = useCutover((s) => s.send);
  const choices = useMemo(() => senderChoices({ members, comms: { config } }), [members, config]);
  return (
    <section className="comms-setup__dest comms-senders" role="group" aria-labelledby="comms-senders-title">
      <h4 id="comms-senders-title">Who may send</h4>
      {choices.length === 0 && <p className="hint">Nobody of the crew has joined yet.</p>}
      {choices.map((c) => (
        <label key={c.memberId} className="toggle">
          <input
            type="checkbox"
            checked={c.allowed}
            disabled={c.always}
            onChange={(e) => void send('comms.allow', { memberId: c.memberId, allowed: e.target.checked })}
          />
          {c.name}{' '}
          <span className="hint">
            {c.role}
            {c.always ? ', always' : ''}
          </span>
        </label>
      ))}
    </section>
  );
}

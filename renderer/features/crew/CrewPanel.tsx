import { useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { useStaleText } from '../../connection/useStaleText';
import { clockTime } from '../../lib/time';
import { CrewAdmin } from './CrewAdmin';
import { memberPresence, presenceNote, type PresenceView } from './crewView';
import { InviteLinks } from './InviteLinks';

/** Who is on the crew, who is connected now, who is on shift, and the handover notes. */
export function CrewPanel({ token = null }: { token?: string | null }) {
  const members = useCutover((s) => s.state.members);
  const presence = useCutover((s) => s.presence);
  // A recorded night keeps who was on shift, not who was connected: it says nothing of that.
  const replaying = useCutover((s) => s.replayNow !== null);
  // Who is connected is known only while this window is live (crewView.ts).
  const live = useCutover((s) => s.status === 'live');
  const asOf = useStaleText();
  const view: PresenceView = replaying ? { kind: 'replay' } : live ? { kind: 'live' } : { kind: 'unknown', asOf };
  const note = presenceNote(view);
  const me = useCutover((s) => s.member);
  const role = useMyRole();
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const send = useCutover((s) => s.send);
  const [handover, setHandover] = useState('');
  const online = new Set(presence.map((p) => p.memberId));
  const mine = me ? members[me.id] : undefined;
  const list = Object.values(members).sort((a, b) => Number(online.has(b.id)) - Number(online.has(a.id)) || a.name.localeCompare(b.name));
  return (
    <section className="crew" aria-label="Crew">
      {note && (
        <p className="hint crew__presence-note" role="status" data-testid="presence-unknown">
          {note}
        </p>
      )}
      <ul className="crew__list">
        {list.map((m) => {
          const presence = memberPresence(view, online.has(m.id));
          return (
            <li key={m.id} className="crew__member" data-member={m.name}>
              {presence.dot && <span className={`dot dot--${presence.dot}`} aria-hidden="true" />}
              <span className="crew__name">
                {m.name}
                {me?.id === m.id ? ' (you)' : ''}
              </span>
              <span className="crew__role">
                {m.role}
                {m.station ? ` · ${m.station}` : ''}
              </span>
              <span className="crew__state">
                {presence.words}
                {m.onShift ? 'on shift' : `off shift since ${clockTime(m.shiftChangedAt, tz)}`}
              </span>
              {m.handover && <p className="crew__handover">Handover: {m.handover}</p>}
            </li>
          );
        })}
      </ul>
      {mine && me && mayIssue(role, 'member.shift') && (
        <form
          className="crew__shift"
          onSubmit={(e) => {
            e.preventDefault();
            void send('member.shift', { onShift: !mine.onShift, ...(handover.trim() ? { handover: handover.trim() } : {}) });
            setHandover('');
          }}
        >
          <label className="field">
            <span>{mine.onShift ? 'Handover note for whoever takes over' : 'Back on shift'}</span>
            <input
              value={handover}
              onChange={(e) => setHandover(e.target.value)}
              placeholder={mine.onShift ? 'What the next person must know' : 'Optional note'}
            />
          </label>
          <button type="submit">{mine.onShift ? 'Go off shift' : 'Go on shift'}</button>
        </form>
      )}
      {role === 'lead' && <InviteLinks />}
      {role === 'lead' && <CrewAdmin token={token} />}
    </section>
  );
}

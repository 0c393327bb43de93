import { useState } from 'react';
import { ROLES, type Role } from '@shared/cutover';
import { useCutover } from '../../connection/cutoverStore';

/**
 * The lead hands out invites from the desktop app that hosts the hub. The main process
 * mints the token and puts the link straight on the clipboard: this page never holds it.
 */
export function InviteLinks() {
  const cutoverId = useCutover((s) => s.state.info?.id);
  const [station, setStation] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const bridge = window.warroom;
  if (!bridge || !cutoverId) return null;
  const copy = async (role: Role, kind: 'web' | 'desktop') => {
    const r = await bridge.hub.copyInvite({ cutoverId, role, station: station.trim(), kind });
    setMessage(
      r.copied
        ? `A ${kind} link for ${role}${station.trim() ? ` (${station.trim()})` : ''} is on the clipboard. Send it only to that person: it lets in the first who joins by it.`
        : r.reason,
    );
  };
  return (
    <section className="invites" aria-label="Invite links">
      <h3>Invite the crew</h3>
      <label className="field">
        <span>Station (optional, e.g. DBA)</span>
        <input value={station} maxLength={40} onChange={(e) => setStation(e.target.value)} />
      </label>
      <div className="invites__roles">
        {ROLES.map((role) => (
          <div key={role} className="invites__role">
            <span>{role}</span>
            <button type="button" onClick={() => void copy(role, 'desktop')}>
              App link
            </button>
            <button type="button" onClick={() => void copy(role, 'web')}>
              Browser link
            </button>
          </div>
        ))}
      </div>
      {message && (
        <p className="hint" role="status">
          {message}
        </p>
      )}
    </section>
  );
}

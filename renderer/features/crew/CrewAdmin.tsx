import { useState } from 'react';
import { inviteStillOpen, narrowedHolders, noWiderThan, sharedInviteOf } from '@shared/crew';
import { ROLES, type Role } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { REFUSED, useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { linkAgain, toClipboard } from './inviteLink';
import { roleChangePrompt } from './roleChange';
import { StationField } from './StationField';

/** A link shown for one invite: the new one, or one copied again (with whether the clipboard took it). */
type ShownLink = { inviteLabel: string; link: string; copied: boolean; again: boolean };

/**
 * The lead's side of the crew: change a member's role, see every invite (label, role,
 * station, who came in by it), revoke one (its holders are disconnected at once), and in a
 * browser mint a link, for one person or shared, and copy a live one again.
 */
export function CrewAdmin({ token }: { token: string | null }) {
  const cutoverId = useCutover((s) => s.state.info?.id ?? null);
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const allInvites = useCutover((s) => s.state.invites);
  const allMembers = useCutover((s) => s.state.members);
  const send = useCutover((s) => s.send);
  const request = useCutover((s) => s.request);
  const [role, setRole] = useState<Role>('operator');
  const [station, setStation] = useState('');
  const [label, setLabel] = useState('');
  const [singleUse, setSingleUse] = useState(true);
  const [shown, setShown] = useState<ShownLink | null>(null);
  const [copyError, setCopyError] = useState<string | null>(null);
  const state = useCutover((s) => s.state);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);
  const invites = Object.values(allInvites).sort((a, b) => a.createdAt - b.createdAt);
  const members = Object.values(allMembers);
  const me = useCutover((s) => s.member);

  // One link per press: a double click minted two, the first never shown but able to join.
  const [minting, setMinting] = useState(false);
  const mint = async () => {
    if (minting) return;
    setMinting(true);
    const wanted = label.trim() || station.trim() || role;
    const r = await request('invite.create', { role, station: station.trim(), label: wanted, singleUse }).finally(() => setMinting(false));
    if (r === REFUSED || cutoverId === null) return;
    // Sent again after the hub could not tell whether it was stored, the answer is its seqs alone.
    const minted = (r as { token?: string } | undefined)?.token;
    if (!minted) return setCopyError(`The link for ${wanted} was made, but its answer was lost on the way: use “Copy link” beside it in the list`);
    setCopyError(null);
    const link = webJoinLink({ hub: window.location.origin, cutoverId, token: minted });
    setShown({ inviteLabel: wanted, link, copied: false, again: false });
    setLabel('');
  };

  const copyAgain = async (inviteId: string, inviteLabel: string) => {
    if (!cutoverId || !token) return;
    const r = await linkAgain(cutoverId, inviteId, token);
    setCopyError(r.ok ? null : r.reason);
    if (r.ok) setShown({ inviteLabel, link: r.link, copied: await toClipboard(r.link), again: true });
  };

  return (
    <section className="crew-admin" aria-label="Roles and invites">
      <h3>Roles</h3>
      <ul className="crew-admin__list">
        {members.map((m) => {
          // On a shared link a wider role would reach everyone who holds it (the hub refuses it): it needs a link of their own.
          const link = sharedInviteOf(state, m);
          return (
            <li key={m.id}>
              <span>{m.name}</span>
              <StationField name={m.name} station={m.station} onSave={(station) => void send('member.setStation', { memberId: m.id, station })} />
              <select
                aria-label={`Role of ${m.name}`}
                value={m.role}
                onChange={(e) => {
                  const to = e.target.value as Role;
                  setPrompt(roleChangePrompt(m.name, m.role, to, () => void send('member.setRole', { memberId: m.id, role: to })));
                }}
              >
                {ROLES.map((r) => {
                  const wider = link !== null && !noWiderThan(r, link.role);
                  return (
                    <option key={r} value={r} disabled={wider}>
                      {wider ? `${r} (needs a link of their own)` : r}
                    </option>
                  );
                })}
              </select>
            </li>
          );
        })}
      </ul>
      <h3>Invites</h3>
      <ul className="crew-admin__list">
        {invites.map((inv) => {
          const holders = members.filter((m) => m.inviteId === inv.id).map((m) => m.name);
          const narrowed = inv.singleUse || inv.revokedAt ? [] : narrowedHolders(state, inv).map((m) => m.name);
          return (
            <li key={inv.id} data-invite={inv.label} className={inv.revokedAt ? 'revoked' : ''}>
              <span>
                <b>{inv.label}</b> · {inv.role}
                {inv.station && inv.station !== inv.label ? ` · ${inv.station}` : ''}
                {inv.singleUse ? ' · for one person' : ' · shared'}
                {holders.length ? ` · used by ${holders.join(', ')}` : ' · unused'}
                {inv.revokedAt && ` · revoked ${clockTime(inv.revokedAt, tz)}`}
                {narrowed.length > 0 && (
                  <small className="hint" data-testid="invite-narrowed">
                    {' '}
                    · newcomers by it join as observers: {narrowed.join(', ')} still {narrowed.length > 1 ? 'hold' : 'holds'} it with less than its role
                  </small>
                )}
              </span>
              {!window.warroom && token && inviteStillOpen(state, inv.id) && (
                <button type="button" onClick={() => void copyAgain(inv.id, inv.label)} aria-label={`Copy link for “${inv.label}” again`}>
                  Copy link
                </button>
              )}
              {!inv.revokedAt && (
                <button
                  type="button"
                  className="danger"
                  onClick={() => setPrompt(revokePrompt(inv.label, holders, me?.inviteId === inv.id, () => void send('invite.revoke', { inviteId: inv.id })))}
                >
                  Revoke…
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {!window.warroom && (
        <div className="crew-admin__mint">
          <div className="row">
            <label className="field">
              <span>Role</span>
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Station</span>
              <input value={station} maxLength={40} onChange={(e) => setStation(e.target.value)} placeholder="DBA" />
            </label>
            <label className="field">
              <span>Label (who it is for)</span>
              <input value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} placeholder="Omar, DBA" />
            </label>
          </div>
          <div className="row">
            <label className="toggle">
              <input type="checkbox" checked={singleUse} onChange={(e) => setSingleUse(e.target.checked)} /> For one person (nobody else can join by it)
            </label>
            <button type="button" disabled={minting} onClick={() => void mint()}>
              Create invite link
            </button>
          </div>
          {copyError && (
            <p className="error" role="alert">
              {copyError}
            </p>
          )}
          {shown && (
            <p className="hint" role="status">
              {shown.again ? `The link for “${shown.inviteLabel}”${shown.copied ? ' is on the clipboard' : ''}` : `The link for “${shown.inviteLabel}”`}. Send
              it only to that person:{' '}
              <input readOnly value={shown.link} aria-label={shown.again ? 'Invite link' : 'New invite link'} onFocus={(e) => e.target.select()} />
            </p>
          )}
        </div>
      )}
      {prompt && <ReasonPrompt request={prompt} onClose={() => setPrompt(null)} />}
    </section>
  );
}

/**
 * Revoking cannot be undone and disconnects whoever holds the link: say so first, and say
 * plainly when that is you (a lead who revokes their own link has no way back in by it).
 */
function revokePrompt(label: string, holders: string[], mine: boolean, revoke: () => void): PromptRequest {
  const yours = mine ? ' That is the link you came in by: you are disconnected too, and come back only by another link.' : '';
  return {
    title: `Revoke the invite “${label}”`,
    intro: holders.length
      ? `${holders.join(', ')} ${holders.length > 1 ? 'are' : 'is'} disconnected at once and cannot come back by this link.${yours}`
      : 'Nobody has used this link yet; it stops working at once.',
    label: null,
    required: false,
    confirm: 'Revoke',
    danger: true,
    onSubmit: revoke,
  };
}

import { useEffect, useState, type ReactNode } from 'react';
import { hasKeptNight } from '../../connection/localNight';
import { askInvite } from './earlyInviteCheck';
import type { InviteCheck } from './hubRequests';
import { JoinRefused } from './JoinRefused';

/** The check's answer when no hub answers and this browser kept the night. */
const KEPT: InviteCheck = { ok: true, title: '', role: 'observer', station: '', label: '' };

/** A web link's cutover and token; null in the desktop app, whose main process checks its own. */
export type JoinLink = { cutoverId: string; token: string } | null;

/**
 * Asks the hub what a join link opens, before anything else is shown: null while it is asked
 * (and for the desktop app's null link).
 */
export function useInviteCheck(link: JoinLink): InviteCheck | null {
  const [check, setCheck] = useState<InviteCheck | null>(null);
  const cutoverId = link?.cutoverId;
  const token = link?.token;
  useEffect(() => {
    if (cutoverId === undefined || token === undefined) return;
    let current = true;
    setCheck(null);
    void askInvite(cutoverId, token)
      // No hub answers, but this browser kept the night: it is shown as kept (read-only, "as of").
      .then(async (c) => (!c.ok && c.unreachable && (await hasKeptNight(window.location.origin, cutoverId)) ? KEPT : c))
      .then((c) => current && setCheck(c));
    return () => {
      current = false;
    };
  }, [cutoverId, token]);
  return check;
}

type JoinGateProps = {
  link: JoinLink;
  /** What the hub said the link opens (useInviteCheck), null while it is asked. */
  check: InviteCheck | null;
  /** The sentence the name prompt opens with, once the link is known to be good. */
  children: (invitedTo: string) => ReactNode;
};

/**
 * Shows what the hub said a join link opens before anything else, so a wrong or revoked link
 * is told at once, before the name is asked, with a way back.
 */
export function JoinGate({ link, check, children }: JoinGateProps) {
  if (!link) return <>{children('You were invited to a cutover war room.')}</>;
  if (!check) {
    return (
      <main className="start">
        <p className="loading" role="status">
          Checking the link…
        </p>
      </main>
    );
  }
  if (!check.ok) return <JoinRefused reason={check.reason} />;
  if (check === KEPT) return <>{children('No hub answers: this is the night as this browser kept it.')}</>;
  const as = `${/^[aeiou]/.test(check.role) ? 'an' : 'a'} ${check.role}${check.station ? ` (${check.station})` : ''}`;
  return <>{children(`You were invited to “${check.title}” as ${as}.`)}</>;
}

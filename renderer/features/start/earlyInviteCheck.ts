import { parseRoute } from '../../lib/route';
import { startedEarly } from '../../lib/startedEarly';
import { checkInvite, type InviteCheck } from './hubRequests';

/*
 * A join link's check, asked from the page's first script beside the night's connection
 * (renderer/main.tsx): asked once the screens had drawn, its answer came back as late as the
 * catch-up did, and the night (shown only once the check says so) waited for it.
 */

/** The answer asked early, until the join gate takes it (dropped after 30 s: the link may be revoked since). */
const early = startedEarly<Promise<InviteCheck>>(30_000);

const keyOf = (cutoverId: string, token: string) => `${cutoverId}|${token}`;

/** On a browser's join link, asks the hub about it now (the desktop app's main process checks its own). */
export function checkInviteEarly(): void {
  const route = parseRoute(window.location.hash);
  if (route.name !== 'join' || window.warroom !== undefined) return;
  early.hold(keyOf(route.cutoverId, route.token), checkInvite(route.cutoverId, route.token));
}

/** What the hub says of this link: the answer asked early if it is for it and recent (taken once), else asked now. */
export function askInvite(cutoverId: string, token: string): Promise<InviteCheck> {
  return early.take(keyOf(cutoverId, token)) ?? checkInvite(cutoverId, token);
}

import { parseRoute } from '../../lib/route';
import { checkInvite, type InviteCheck } from './hubRequests';

/*
 * A join link's check, asked from the page's first script beside the night's connection
 * (renderer/main.tsx): asked once the screens had drawn, its answer came back as late as the
 * catch-up did, and the night (shown only once the check says so) waited for it.
 */

/** How long an answer asked early stays good for a screen that has not asked yet. */
const KEPT_MS = 30_000;

let early: { key: string; at: number; answer: Promise<InviteCheck> } | null = null;

const keyOf = (cutoverId: string, token: string) => `${cutoverId}|${token}`;

/** On a browser's join link, asks the hub about it now (the desktop app's main process checks its own). */
export function checkInviteEarly(): void {
  const route = parseRoute(window.location.hash);
  if (route.name !== 'join' || window.warroom !== undefined) return;
  early = { key: keyOf(route.cutoverId, route.token), at: Date.now(), answer: checkInvite(route.cutoverId, route.token) };
}

/** What the hub says of this link: the answer asked early if it is for it and recent (taken once), else asked now. */
export function askInvite(cutoverId: string, token: string): Promise<InviteCheck> {
  const taken = early;
  early = null;
  return taken?.key === keyOf(cutoverId, token) && Date.now() - taken.at < KEPT_MS ? taken.answer : checkInvite(cutoverId, token);
}

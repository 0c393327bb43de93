/*
 * What the Crew tab may say of who is connected. The hub tells a window who is on the link
 * while that window is live; once its own link is gone it hears nothing more, and the last
 * list is only what was true then: someone shown "connected" may have dropped since.
 */

/** How the crew's presence stands for this window. */
export type PresenceView =
  /** A recorded night: it kept who was on shift, not who was connected. */
  | { kind: 'replay' }
  /** Live: the hub's list is current. */
  | { kind: 'live' }
  /** Not live: `asOf` ("as of 03:12, 2 min ago") when the link was lost, or null if it never was live. */
  | { kind: 'unknown'; asOf: string | null };

export type MemberPresence = { dot: 'on' | 'off' | 'unknown' | null; words: string };

/** One member's dot and words ("connected · ", "was connected · "), before their shift. */
export function memberPresence(view: PresenceView, online: boolean): MemberPresence {
  if (view.kind === 'replay') return { dot: null, words: '' };
  if (view.kind === 'live') return online ? { dot: 'on', words: 'connected · ' } : { dot: 'off', words: 'away · ' };
  // The last list, said as the past: never "connected" while nobody can know it.
  if (view.asOf === null) return { dot: 'unknown', words: '' };
  return { dot: 'unknown', words: online ? 'was connected · ' : 'was away · ' };
}

/** The line above the list while presence is not known; null while it is (or in a replay). */
export function presenceNote(view: PresenceView): string | null {
  if (view.kind !== 'unknown') return null;
  return view.asOf === null
    ? 'Who is connected is not known yet: this window has no link to the hub.'
    : `Who is connected is not known while this window has no link to the hub: below is the list ${view.asOf}.`;
}

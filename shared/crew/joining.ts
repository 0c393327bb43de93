import type { CutoverState } from '../cutover/state';

/**
 * Whether a person may come in by an invite, besides its token: a single-use invite lets in
 * the first person who joined by it (again, on every reconnect) and nobody else. Role links
 * are shared: anyone who holds one joins with its role. Null when they may.
 */
export function joinRefusal(state: CutoverState, inviteId: string, memberId: string): string | null {
  if (!state.invites[inviteId]?.singleUse) return null;
  const holder = Object.values(state.members).find((m) => m.inviteId === inviteId);
  if (!holder || holder.id === memberId) return null;
  return `This link was for one person and ${holder.name} joined with it: ask the lead for your own`;
}

/** Whether a live invite's link can still let someone new in (what "copy link again" offers). */
export function inviteStillOpen(state: CutoverState, inviteId: string): boolean {
  const invite = state.invites[inviteId];
  if (!invite || invite.revokedAt !== null) return false;
  return !invite.singleUse || !Object.values(state.members).some((m) => m.inviteId === inviteId);
}

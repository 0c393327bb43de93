import { ROLE_WORDS } from '../core/words';
import { HUB_ACTIONS, mayDo, type HubAction } from '../cutover/hubActions';
import { mayIssue, PERMISSIONS } from '../cutover/permissions';
import type { CommandType } from '../cutover/commands';
import type { Member, Role } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import type { InviteInfo } from '../polls/schema';

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

/*
 * A shared link lets in anyone who holds it, under any name they type, and the same name on
 * the same link is the same member. So a role given to someone who came in by one is, in
 * effect, given to everyone who holds it, and a role taken from them is taken from nobody:
 * they come back under another name. The two rules below keep the link's reach honest.
 */

/** Everything `role` may do, `than` may do too: given to someone on a shared link, it gives the link nothing more. */
export function noWiderThan(role: Role, than: Role): boolean {
  const commands = (Object.keys(PERMISSIONS) as CommandType[]).every((t) => !mayIssue(role, t) || mayIssue(than, t));
  return commands && (Object.keys(HUB_ACTIONS) as HubAction[]).every((a) => !mayDo(role, a) || mayDo(than, a));
}

/**
 * The shared link a member came in by, while it lets people in; none for a link meant for one
 * person, a revoked one (nobody comes in by it any more, its holders included), or a member
 * who came in otherwise.
 */
export function sharedInviteOf(state: CutoverState, member: Pick<Member, 'inviteId'>): InviteInfo | null {
  const invite = member.inviteId ? state.invites[member.inviteId] : undefined;
  return invite && !invite.singleUse && invite.revokedAt === null ? invite : null;
}

/**
 * Why `member` may not be made `role`, or null. On a shared link, a role wider than the
 * link's would go to everyone who holds it, under this member's name: Dana made approver on
 * the operators' link, and anyone in the channel it was posted to who types "Dana" records a
 * GO. Such a role goes with a link of its own.
 */
export function sharedLinkRoleRefusal(state: CutoverState, member: Member, role: Role): string | null {
  const link = sharedInviteOf(state, member);
  if (!link || noWiderThan(role, link.role)) return null;
  return `${member.name} came in by the shared link “${link.label}”, and anyone who holds it can join under that name: as ${ROLE_WORDS[role] ?? role}, so would they. Send ${member.name} a link of their own (an invite for one person, as ${role})`;
}

/**
 * Those who came in by a shared link whom the lead has since given less than the link's role
 * (Sam, made an observer on the operators' link): each still holds the link.
 */
export const narrowedHolders = (state: CutoverState, invite: Pick<InviteInfo, 'id' | 'role'>): Member[] =>
  Object.values(state.members).filter((m) => m.inviteId === invite.id && !noWiderThan(invite.role, m.role));

/**
 * The role someone new joins with by an invite. Once the lead has taken part of a shared
 * link's role from someone who came in by it, that person could come back under another name
 * with all of it; so until the link is replaced, newcomers by it come in as observers, and the
 * lead gives each their role (up to the link's). Anyone already on the crew keeps theirs; a
 * link for one person lets nobody new in once its holder has joined (joinRefusal).
 */
export const joiningRole = (state: CutoverState, invite: Pick<InviteInfo, 'id' | 'role'>): Role =>
  narrowedHolders(state, invite).length > 0 ? 'observer' : invite.role;

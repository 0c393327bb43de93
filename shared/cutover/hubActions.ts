import { ROLES, type Role } from './schema';

/**
 * What the hub does for a role besides commands: these touch the world outside the journal
 * (a lag source, Slack, the samples, the record), so they are not events, but who may do
 * them is as much a rule as PERMISSIONS is. The hub enforces this; a screen may read it.
 */
export const HUB_ACTIONS = {
  // Testing a lag source reads a database or an endpoint with the hub's network.
  'source.probe': ['lead', 'operator'],
  // A source that names a hub secret: testing it would let an operator aim that secret anywhere.
  'source.probeWithSecret': ['lead'],
  'comms.check': ['lead', 'comms'],
  // Pushing is by invite, not by person: the invite's role and its members' roles must all allow it.
  'samples.push': ['lead', 'operator'],
  // A live invite's link again, from the hub's vault: it lets its holder in, so the lead's alone.
  'invite.copyLink': ['lead'],
  // The archive is the record every invite's holder saw, observers included.
  'archive.export': ROLES,
} as const satisfies Record<string, readonly Role[]>;

export type HubAction = keyof typeof HUB_ACTIONS;

export function mayDo(role: Role | 'system', action: HubAction): boolean {
  const allowed: readonly Role[] = HUB_ACTIONS[action];
  return role !== 'system' && allowed.includes(role);
}

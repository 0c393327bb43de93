import { mayDo, type HubAction, type Role } from '@shared/cutover';

/** What the hub says when the table (shared/cutover/hubActions.ts) says no. */
const REFUSALS: Record<HubAction, string> = {
  'source.probe': 'Only the lead or an operator may test lag sources',
  'source.probeWithSecret': 'Only the lead may test a source that uses a hub secret',
  'comms.check': 'Only the lead or comms may test comms',
  'samples.push': 'Only a lead or operator invite may push samples',
  'invite.copyLink': 'Only the lead may copy an invite’s link again',
  // Every role may today; the sentence is for the day the table says otherwise.
  'archive.export': 'This invite may not take the archive',
};

/** The answer the transport carries: allowed, or refused with the sentence the crew reads. */
export type Permit = { ok: true } | { ok: false; reason: string };

export function permit(role: Role | 'system', action: HubAction): Permit {
  return mayDo(role, action) ? { ok: true } : { ok: false, reason: REFUSALS[action] };
}

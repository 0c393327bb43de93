import { z } from 'zod';
import { IdSchema, MemberSchema, OptionalNoteSchema, RoleSchema } from '../cutover/schema';

const id = IdSchema;

/** Commands on the crew: shifts, roles, stations and invites. */
export const crewCommandPayloads = {
  'member.shift': z.object({ onShift: z.boolean(), handover: OptionalNoteSchema }),
  'member.setRole': z.object({ memberId: id, role: RoleSchema }),
  /** The crew function a joined member covers ("DBA"): what "My steps" and station polls read. */
  'member.setStation': z.object({ memberId: id, station: z.string().trim().max(40) }),
  /** Handled by the hub itself: the token it mints goes back in the ack, never into an event. */
  'invite.create': z.object({
    role: RoleSchema,
    station: z.string().trim().max(40).default(''),
    /** Who it is for ("Omar, DBA"), so the Crew tab's rows are told apart. */
    label: z.string().trim().max(80).optional(),
    /** For one person: whoever joins by it first is the only one it lets in. */
    singleUse: z.boolean().optional(),
  }),
  'invite.revoke': z.object({ inviteId: id }),
};

export const crewEventPayloads = {
  'member.joined': z.object({ member: MemberSchema }),
  'member.shiftChanged': z.object({ memberId: id, onShift: z.boolean(), handover: z.string().optional() }),
  'member.roleChanged': z.object({ memberId: id, role: RoleSchema }),
  'member.stationChanged': z.object({ memberId: id, station: z.string() }),
  'invite.created': z.object({ invite: z.object({ id, role: RoleSchema, station: z.string(), label: z.string(), singleUse: z.boolean().optional() }) }),
  'invite.revoked': z.object({ inviteId: id }),
};

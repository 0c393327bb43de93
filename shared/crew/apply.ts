import { patched } from '../core/bulkFold';
import type { EventTable } from '../core/tables';
import type { EventOf } from '../cutover/events';
import type { CutoverState } from '../cutover/state';

/* How the crew's and the invites' events fold into the state: facts only, no checks. */

function applyJoined(state: CutoverState, e: EventOf<'member.joined'>): CutoverState {
  const m = e.payload.member;
  return {
    ...state,
    members: { ...state.members, [m.id]: { ...m, joinedAt: e.ts, onShift: true, handover: '', shiftChangedAt: e.ts } },
  };
}

function applyShiftChanged(state: CutoverState, e: EventOf<'member.shiftChanged'>): CutoverState {
  const m = state.members[e.payload.memberId];
  if (!m) return state;
  // A long night has thousands of these: written in place in a whole journal's fold (core/bulkFold.ts).
  const updated = patched(m, { onShift: e.payload.onShift, handover: e.payload.handover ?? m.handover, shiftChangedAt: e.ts });
  return patched(state, { members: patched(state.members, { [m.id]: updated }) });
}

function applyRoleChanged(state: CutoverState, e: EventOf<'member.roleChanged'>): CutoverState {
  const m = state.members[e.payload.memberId];
  return m ? { ...state, members: { ...state.members, [m.id]: { ...m, role: e.payload.role } } } : state;
}

function applyStationChanged(state: CutoverState, e: EventOf<'member.stationChanged'>): CutoverState {
  const m = state.members[e.payload.memberId];
  return m ? { ...state, members: { ...state.members, [m.id]: { ...m, station: e.payload.station } } } : state;
}

function applyRevoked(state: CutoverState, e: EventOf<'invite.revoked'>): CutoverState {
  const inv = state.invites[e.payload.inviteId];
  return inv ? { ...state, invites: { ...state.invites, [inv.id]: { ...inv, revokedAt: e.ts } } } : state;
}

export const crewEvents = {
  'member.joined': applyJoined,
  'member.shiftChanged': applyShiftChanged,
  'member.roleChanged': applyRoleChanged,
  'member.stationChanged': applyStationChanged,
  'invite.created': (state, e) => ({
    ...state,
    invites: { ...state.invites, [e.payload.invite.id]: { ...e.payload.invite, createdAt: e.ts, revokedAt: null } },
  }),
  'invite.revoked': applyRevoked,
} satisfies EventTable;

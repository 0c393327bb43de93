import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import { ROLE_WORDS } from '../core/words';
import type { CommandOf } from '../cutover/commands';
import type { CutoverState } from '../cutover/state';
import { awaitingDecision } from '../polls/awaiting';
import { sharedLinkRoleRefusal } from './joining';

/* The crew and its invites: shifts, roles, stations, and who may come in. */

function decideShift(state: CutoverState, command: CommandOf<'member.shift'>, ctx: DecideContext): Decision {
  if (!state.members[ctx.actor.id]) return refuse('not_found', 'You are not on this cutover’s crew');
  return accept({ type: 'member.shiftChanged', payload: { memberId: ctx.actor.id, ...command.payload } });
}

function decideSetRole(state: CutoverState, command: CommandOf<'member.setRole'>): Decision {
  const m = state.members[command.payload.memberId];
  if (!m) return refuse('not_found', 'There is no such member');
  if (m.role === command.payload.role) return refuse('precondition', `${m.name} is already ${ROLE_WORDS[m.role]}`);
  const shared = sharedLinkRoleRefusal(state, m, command.payload.role);
  if (shared) return refuse('precondition', shared);
  const leads = Object.values(state.members).filter((x) => x.role === 'lead');
  if (m.role === 'lead' && leads.length === 1) return refuse('precondition', 'The night needs a lead: make someone else lead first');
  // Only an approver decides a poll: taking the last one away while a poll waits for a
  // decision (open, or its answers all in) leaves nobody who may pass its gate, hold or roll back.
  const approvers = Object.values(state.members).filter((x) => x.role === 'approver');
  const waiting = m.role === 'approver' && approvers.length === 1 ? awaitingDecision(state)[0] : undefined;
  if (waiting)
    return refuse('precondition', `The poll “${waiting.question}” waits for a decision and ${m.name} is the only approver: make someone else approver first`);
  return accept({ type: 'member.roleChanged', payload: command.payload });
}

function decideSetStation(state: CutoverState, command: CommandOf<'member.setStation'>): Decision {
  const m = state.members[command.payload.memberId];
  if (!m) return refuse('not_found', 'There is no such member');
  if (m.station === command.payload.station) return refuse('precondition', `${m.name} already covers ${m.station || 'no station'}`);
  return accept({ type: 'member.stationChanged', payload: command.payload });
}

function decideInvite(_state: CutoverState, command: CommandOf<'invite.create'>, ctx: DecideContext): Decision {
  const { role, station, label, singleUse } = command.payload;
  const invite = { id: `i-${ctx.newId()}`, role, station, label: label || station || role, ...(singleUse ? { singleUse: true } : {}) };
  return accept({ type: 'invite.created', payload: { invite } });
}

function decideRevoke(state: CutoverState, command: CommandOf<'invite.revoke'>): Decision {
  const inv = state.invites[command.payload.inviteId];
  if (!inv) return refuse('not_found', 'There is no such invite');
  if (inv.revokedAt !== null) return refuse('precondition', 'This invite is already revoked');
  return accept({ type: 'invite.revoked', payload: command.payload });
}

export const crewCommands = {
  'member.shift': decideShift,
  'member.setRole': decideSetRole,
  'member.setStation': decideSetStation,
  'invite.create': decideInvite,
  'invite.revoke': decideRevoke,
} satisfies CommandTable;

import type { CommandType } from './commands';
import type { Role } from './schema';

const crew: Role[] = ['lead', 'operator', 'approver', 'comms'];

/**
 * Which role may issue which command. The hub enforces this; the UI only reads it to
 * hide what would be refused. Observers are read-only: they appear nowhere here.
 */
export const PERMISSIONS: Record<CommandType, readonly Role[]> = {
  'cutover.update': ['lead'],
  'cutover.schedule': ['lead'],
  'cutover.start': ['lead'],
  'cutover.finish': ['lead'],
  'cutover.reopen': ['lead'],
  'runbook.replace': ['lead'],
  'step.add': ['lead'],
  'step.edit': ['lead'],
  'step.remove': ['lead'],
  'step.move': ['lead'],
  // Approvers and comms too, for the steps they own (decided with the state: see mayWorkStep).
  'step.start': crew,
  'step.complete': crew,
  'step.skip': crew,
  'step.fail': crew,
  'step.block': crew,
  'step.reopen': ['lead'],
  'step.note': crew,
  'note.add': crew,
  'member.shift': crew,
  'member.setRole': ['lead'],
  'member.setStation': ['lead'],
  // An approver; the lead only where the cutover allows it (decided with the state).
  'ponr.override': ['approver', 'lead'],
  'invite.create': ['lead'],
  'invite.revoke': ['lead'],
  'poll.open': ['lead'],
  // Who may answer is the poll's own list of stations; the role table only keeps observers out.
  'poll.answer': crew,
  'poll.close': ['lead'],
  'poll.repoll': ['lead'],
  'poll.check': ['lead', 'operator'],
  // Only an approver records GO, HOLD or ROLLBACK.
  'decision.record': ['approver'],
  'secret.set': ['lead'],
  'series.define': ['lead', 'operator'],
  'series.remove': ['lead'],
  'comms.configure': ['lead'],
  'comms.allow': ['lead'],
  'template.save': ['lead', 'comms'],
  'template.remove': ['lead', 'comms'],
  // Comms and the lead send; others only if the lead allowed them (decided with the state).
  'message.send': crew,
  'message.retry': crew,
  'message.cancel': crew,
  // Those naming a hub secret: the lead only (decided with the command, as for series).
  'check.define': ['lead', 'operator'],
  'check.remove': ['lead'],
  // Running a defined check reads nothing new: whoever may act on its result may ask.
  'check.run': ['lead', 'operator', 'approver'],
  // Anyone on the crew may write down what is to be done after the night.
  'action.add': crew,
  'action.edit': crew,
  'action.remove': ['lead'],
};

export function mayIssue(role: Role | 'system', type: CommandType): boolean {
  return role !== 'system' && PERMISSIONS[type].includes(role);
}

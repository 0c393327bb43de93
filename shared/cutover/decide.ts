import { actionCommands } from '../actions/decide';
import { checkCommands } from '../checks/decide';
import { commsCommands } from '../comms/decideComms';
import { refuse, type DecideContext, type Decision } from '../core/decision';
import type { AllCommands, CommandHandler } from '../core/tables';
import { capitalise, ROLE_WORDS } from '../core/words';
import { crewCommands } from '../crew/decide';
import { seriesCommands } from '../metrics/decideSeries';
import { pollCommands } from '../polls/decidePoll';
import { stepCommands } from '../steps/decide';
import type { Command, CommandOf, CommandType } from './commands';
import { lifecycleCommands } from './lifecycle';
import { mayIssue } from './permissions';
import type { CutoverState } from './state';

// Callers have always found these here; they live in the leaf every slice imports.
export type { DecideContext, Decision, RejectCode } from '../core/decision';

/*
 * Each slice decides its own commands; this is where they meet. `AllCommands` makes a
 * command that no slice decides a type error here.
 */
const commandTable = {
  ...lifecycleCommands,
  ...stepCommands,
  ...crewCommands,
  ...pollCommands,
  ...seriesCommands,
  ...commsCommands,
  ...checkCommands,
  ...actionCommands,
} satisfies AllCommands;

/**
 * Decides what a command means in the current state: the events it produces, or why it is
 * refused. Pure: the hub calls it with its own clock and ids, tests call it with theirs.
 * Who may issue what, and that the cutover exists, are checked here once for every slice.
 */
export function decide(state: CutoverState, command: Command, ctx: DecideContext): Decision {
  const { actor } = ctx;
  if (!mayIssue(actor.role, command.type)) {
    return refuse('forbidden', `${capitalise(ROLE_WORDS[actor.role] ?? actor.role)} may not ${describe(command.type)}`);
  }
  if (!state.info) return refuse('not_found', 'This cutover does not exist yet');
  return decideWith(command.type, command, state, ctx);
}

// The type is passed apart from the command so that TypeScript pairs the handler with it.
function decideWith<T extends CommandType>(type: T, command: CommandOf<T>, state: CutoverState, ctx: DecideContext): Decision {
  const table: AllCommands = commandTable;
  const handler: CommandHandler<T> = table[type];
  return handler(state, command, ctx);
}

function describe(type: Command['type']): string {
  const [noun, verb] = type.split('.') as [string, string];
  const nouns: Record<string, string> = { cutover: 'the cutover', runbook: 'the runbook', step: 'a step', note: 'a note', member: 'a shift' };
  const verbs: Record<string, string> = { add: 'add', edit: 'edit', remove: 'remove', note: 'note on', shift: 'change' };
  const special: Partial<Record<Command['type'], string>> = {
    'member.shift': 'change shifts',
    'member.setRole': 'change roles',
    'member.setStation': 'give people stations',
    'cutover.reopen': 'reopen the night',
    'ponr.override': 'cross the point of no return without a GO',
    'note.add': 'add notes to the timeline',
    'invite.create': 'invite people',
    'invite.revoke': 'revoke invites',
    'poll.open': 'open a poll',
    'poll.answer': 'answer a poll',
    'poll.close': 'close a poll',
    'poll.repoll': 'poll again',
    'poll.check': 'check a poll’s conditions',
    'decision.record': 'record a go/no-go decision',
    'secret.set': 'store secrets on the hub',
    'series.define': 'set up lag series',
    'series.remove': 'remove lag series',
    'comms.configure': 'set up Slack and status pages',
    'comms.allow': 'choose who sends updates',
    'template.save': 'edit message templates',
    'template.remove': 'remove message templates',
    'message.send': 'send updates',
    'message.retry': 'retry updates',
    'message.cancel': 'cancel updates',
    'check.define': 'set up checks',
    'check.remove': 'remove checks',
    'check.run': 'run checks',
    'action.add': 'add action items',
    'action.edit': 'edit action items',
    'action.remove': 'remove action items',
  };
  if (special[type]) return special[type];
  return `${verbs[verb] ?? verb} ${nouns[noun] ?? noun}`;
}

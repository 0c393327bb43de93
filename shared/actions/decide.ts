import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import type { CommandOf } from '../cutover/commands';
import type { CutoverState } from '../cutover/state';
import { actionsOf } from './apply';
import type { ActionItem } from './schema';

/* Action items: added from a note, a step or on their own; edited and removed by the crew. */

function decideAdd(state: CutoverState, command: CommandOf<'action.add'>, ctx: DecideContext): Decision {
  const { source, ...fields } = command.payload;
  if (source.kind === 'step' && !state.steps[source.stepId]) return refuse('not_found', 'There is no such step');
  const item: ActionItem = { id: `a-${ctx.newId()}`, ...fields, source, createdBy: ctx.actor, createdAt: ctx.now, done: false };
  return accept({ type: 'action.added', payload: { item } });
}

function decideEdit(state: CutoverState, command: CommandOf<'action.edit'>): Decision {
  const { actionId, ...changes } = command.payload;
  const item = actionsOf(state)[actionId];
  if (!item) return refuse('not_found', 'There is no such action item');
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<ActionItem>;
  const next: ActionItem = { ...item, ...defined };
  if (JSON.stringify(next) === JSON.stringify(item)) return refuse('precondition', 'Nothing about this action item would change');
  return accept({ type: 'action.edited', payload: { item: next } });
}

function decideRemove(state: CutoverState, command: CommandOf<'action.remove'>): Decision {
  if (!actionsOf(state)[command.payload.actionId]) return refuse('not_found', 'There is no such action item');
  return accept({ type: 'action.removed', payload: command.payload });
}

export const actionCommands = {
  'action.add': decideAdd,
  'action.edit': decideEdit,
  'action.remove': decideRemove,
} satisfies CommandTable;

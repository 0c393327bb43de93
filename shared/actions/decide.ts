import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import type { CommandOf } from '../cutover/commands';
import type { CutoverState } from '../cutover/state';
import { actionsOf } from './apply';
import type { ActionItem } from './schema';

/* Action items: added from a note, a step or on their own; edited and removed by the crew. */

/**
 * Titles that say the same thing: the same words, whatever their case and spacing. Not the
 * host's locale: every hub must decide the same.
 */
const sameTitle = (a: string, b: string): boolean => {
  const words = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
  return words(a) === words(b);
};

/** The item other than `except` that already says `title`, if any: one per title (sameTitle). */
const sameTitleAs = (state: CutoverState, title: string, except?: string): ActionItem | undefined =>
  Object.values(actionsOf(state)).find((a) => a.id !== except && sameTitle(a.title, title));

const alreadyAnItem = (same: ActionItem): string => `“${same.title}” is already an action item, added by ${same.createdBy.name}: change that one instead`;

function decideAdd(state: CutoverState, command: CommandOf<'action.add'>, ctx: DecideContext): Decision {
  const { source, ...fields } = command.payload;
  if (source.kind === 'step' && !state.steps[source.stepId]) return refuse('not_found', 'There is no such step');
  // Two people turning the same note into an item at once made two, each with its owner, and
  // the postmortem listed the work twice.
  const same = sameTitleAs(state, fields.title);
  if (same) return refuse('precondition', alreadyAnItem(same));
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
  const same = sameTitleAs(state, next.title, item.id);
  if (same) return refuse('precondition', alreadyAnItem(same));
  return accept({ type: 'action.edited', payload: { item: next } });
}

function decideRemove(state: CutoverState, command: CommandOf<'action.remove'>): Decision {
  const item = actionsOf(state)[command.payload.actionId];
  if (!item) return refuse('not_found', 'There is no such action item');
  return accept({ type: 'action.removed', payload: { actionId: item.id, title: item.title } });
}

export const actionCommands = {
  'action.add': decideAdd,
  'action.edit': decideEdit,
  'action.remove': decideRemove,
} satisfies CommandTable;

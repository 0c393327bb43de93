import { actionItems } from '../actions/apply';
import type { ActionItem } from '../actions/schema';
import { timelineNotes } from '../cutover/selectors';
import { oneLine, when, who, type Ctx } from './context';
import { placeholder } from './placeholder';

/*
 * "## Action items" as a table: what, who owns it, priority, due date, ticket. Items come from
 * the night (the action slice) and from the review (the archive carries those); a note of kind
 * "action" nobody has made an item of yet is a row with its owner still to assign, never its
 * author as owner: raising a point is not owning it.
 */

const cell = (text: string) => text || '–';
/** A ticket as an autolink: the address is checked http(s) by the schema, and shown whole. */
const ticket = (url: string | null) => (url ? `<${url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c))}>` : '–');

function from(ctx: Ctx, item: ActionItem): string {
  switch (item.source.kind) {
    case 'step': {
      const s = ctx.state.steps[item.source.stepId];
      return `${who(item.createdBy.name)}, from ${s ? `step “${oneLine(s.title)}”` : 'a step'}`;
    }
    case 'note':
      return `${who(item.createdBy.name)}, from a note`;
    case 'review':
      return who(item.createdBy.name);
  }
}

export function actionItemsTable(ctx: Ctx, extra: readonly ActionItem[]): string {
  const items = [...actionItems(ctx.state), ...extra];
  const madeFrom = new Set(items.flatMap((i) => (i.source.kind === 'note' ? [i.source.noteId] : [])));
  const loose = timelineNotes(ctx.events).filter((n) => n.severity === 'action' && !madeFrom.has(n.id));
  if (items.length === 0 && loose.length === 0) return placeholder('what must change before the next night, who owns it, and by when.');
  const rows = [
    ...items.map((i) => [`${oneLine(i.title)}${i.done ? ' (done)' : ''}`, oneLine(i.owner), i.priority, cell(i.due ?? ''), ticket(i.ticket), from(ctx, i)]),
    ...loose.map((n) => [oneLine(n.text), '**to assign**', '–', '–', '–', `${who(n.by.name)}, in a note at ${when(ctx, n.at)}`]),
  ];
  return ['| Action | Owner | Priority | Due | Ticket | Raised by |', '| --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );
}

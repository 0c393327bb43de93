import type { EventTable } from '../core/tables';
import type { CutoverState } from '../cutover/state';
import type { ActionItem } from './schema';

/** A snapshot written before action items existed has neither field: read through these. */
export const actionsOf = (state: CutoverState): Record<string, ActionItem> => (state as Partial<CutoverState>).actions ?? {};
export const actionOrderOf = (state: CutoverState): string[] => (state as Partial<CutoverState>).actionOrder ?? [];
/** The items, oldest first. */
export const actionItems = (state: CutoverState): ActionItem[] => actionOrderOf(state).flatMap((id) => actionsOf(state)[id] ?? []);

const put = (state: CutoverState, item: ActionItem): CutoverState => ({
  ...state,
  actions: { ...actionsOf(state), [item.id]: item },
  actionOrder: actionOrderOf(state).includes(item.id) ? actionOrderOf(state) : [...actionOrderOf(state), item.id],
});

export const actionEvents = {
  'action.added': (state, e) => put(state, e.payload.item),
  'action.edited': (state, e) => put(state, e.payload.item),
  'action.removed': (state, e) => {
    const { [e.payload.actionId]: _gone, ...actions } = actionsOf(state);
    return { ...state, actions, actionOrder: actionOrderOf(state).filter((id) => id !== e.payload.actionId) };
  },
} satisfies EventTable;

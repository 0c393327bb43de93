import type { CutoverState } from '@shared/cutover';
import { useCutoverLater } from './cutoverLater';
import { useCutover } from './cutoverStore';

export type StateFields = readonly (keyof CutoverState)[];

/**
 * What the schedule, the night's phase and the rails read (projectSchedule, nightState,
 * ponrClearance and the step selectors): the plan and how the night went. Not the comms,
 * the messages, the lag series' configs, invites or secrets.
 */
export const NIGHT_FIELDS = [
  'info',
  'status',
  'startedAt',
  'endedAt',
  'statusReason',
  'leftUndone',
  'phases',
  'steps',
  'decisions',
  'overrides',
  'rollback',
  // A poll asked again after the GO shuts the point of no return (ponrClearance).
  'polls',
  'pollOrder',
] as const satisfies StateFields;

/**
 * What the composer and the template editor read (the template variables, who may send,
 * the suggested update): the night, the comms set-up, the messages, the crew and the series'
 * configs. Not invites, secrets, checks or action items.
 */
export const COMMS_FIELDS = [
  ...NIGHT_FIELDS,
  'comms',
  'messages',
  'messageOrder',
  'members',
  'series',
  'seriesOrder',
  'seriesStatus',
] as const satisfies StateFields;

// The last state handed out per list of fields. Keyed on the list (a module constant), not
// on a component: every reader of a list agrees on its state, and no ref is written while
// rendering. Shared by useCutover and useCutoverLater: once the later store has caught up it
// is handed the object the runbook was, so a schedule projected for one serves the other.
const kept = new WeakMap<StateFields, CutoverState>();

function keptFor(fields: StateFields, state: CutoverState): CutoverState {
  const prev = kept.get(fields);
  if (prev !== undefined && fields.every((k) => prev[k] === state[k])) return prev;
  kept.set(fields, state);
  return state;
}

/**
 * The state for a view function that takes it whole but reads only `fields` (list what it
 * calls reads, too): the same object until one of them changes, so a message, an invite or a
 * series' alert does not redraw a component that shows none of them. `fields` must be a
 * module constant; a new array on each render would still work, without saving anything.
 */
export function useStateFor(fields: StateFields): CutoverState {
  return useCutover((s) => keptFor(fields, s.state));
}

/** useStateFor from useCutoverLater: for what catches up with an event in the next frame's callback, not in its task. */
export function useStateForLater(fields: StateFields): CutoverState {
  return useCutoverLater((s) => keptFor(fields, s.state));
}

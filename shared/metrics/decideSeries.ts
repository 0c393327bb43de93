import { accept, refuse, type DecideContext, type Decision } from '../core/decision';
import type { CommandTable } from '../core/tables';
import type { CommandOf } from '../cutover/commands';
import { isEnded } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { sourceSecretNames } from './schema';

const MAX_SERIES = 50;

/** Lag series may be set up before and during the night; the record keeps them after it. */
const ended = (state: CutoverState): Decision | null =>
  isEnded(state.status) ? refuse('precondition', 'The cutover has ended; its lag series are part of the record now') : null;

function decideDefine(state: CutoverState, command: CommandOf<'series.define'>, ctx: DecideContext): Decision {
  const closed = ended(state);
  if (closed) return closed;
  const { series } = command.payload;
  // A source sends its secrets to wherever its URL points: naming one is the lead's call.
  if (ctx.actor.role !== 'lead' && sourceSecretNames(series.source).length > 0) {
    return refuse('forbidden', 'Only the lead may set up a series that uses a hub secret');
  }
  if (!state.series[series.id] && state.seriesOrder.length >= MAX_SERIES) {
    return refuse('precondition', `A cutover watches at most ${MAX_SERIES} series`);
  }
  // Two lines with one name, one critical and one caught up, and nothing to tell them apart.
  const sameName = Object.values(state.series).find((s) => s.id !== series.id && s.name.trim().toLowerCase() === series.name.trim().toLowerCase());
  if (sameName) return refuse('precondition', `There is already a series named “${sameName.name}”: give this one another name`);
  return accept({ type: 'series.defined', payload: { series } });
}

function decideRemove(state: CutoverState, command: CommandOf<'series.remove'>): Decision {
  const closed = ended(state);
  if (closed) return closed;
  const series = state.series[command.payload.seriesId];
  if (!series) return refuse('not_found', `There is no series "${command.payload.seriesId}"`);
  return accept({ type: 'series.removed', payload: { seriesId: series.id, name: series.name } });
}

export const seriesCommands = {
  'series.define': decideDefine,
  'series.remove': decideRemove,
} satisfies CommandTable;

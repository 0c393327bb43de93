import type { Command } from '../cutover/commands';
import type { Decision } from '../cutover/decide';
import type { Actor } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { sourceSecretNames } from './schema';

type SeriesCommand = Extract<Command, { type: 'series.define' | 'series.remove' }>;

const MAX_SERIES = 50;

/** Lag series may be set up before and during the night; the record keeps them after it. */
export function decideSeries(state: CutoverState, command: SeriesCommand, actor: Actor): Decision {
  const ended = state.status === 'completed' || state.status === 'rolled_back' || state.status === 'aborted';
  if (ended) return { ok: false, code: 'precondition', reason: 'The cutover has ended; its lag series are part of the record now' };
  if (command.type === 'series.define') {
    const { series } = command.payload;
    // A source sends its secrets to wherever its URL points: naming one is the lead's call.
    if (actor.role !== 'lead' && sourceSecretNames(series.source).length > 0) {
      return { ok: false, code: 'forbidden', reason: 'Only the lead may set up a series that uses a hub secret' };
    }
    if (!state.series[series.id] && state.seriesOrder.length >= MAX_SERIES) {
      return { ok: false, code: 'precondition', reason: `A cutover watches at most ${MAX_SERIES} series` };
    }
    return { ok: true, events: [{ type: 'series.defined', payload: { series } }] };
  }
  if (!state.series[command.payload.seriesId]) return { ok: false, code: 'not_found', reason: `There is no series "${command.payload.seriesId}"` };
  return { ok: true, events: [{ type: 'series.removed', payload: command.payload }] };
}

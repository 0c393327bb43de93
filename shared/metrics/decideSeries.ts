import type { Command } from '../cutover/commands';
import type { Decision } from '../cutover/decide';
import type { CutoverState } from '../cutover/state';

type SeriesCommand = Extract<Command, { type: 'series.define' | 'series.remove' }>;

const MAX_SERIES = 50;

/** Lag series may be set up before and during the night; the record keeps them after it. */
export function decideSeries(state: CutoverState, command: SeriesCommand): Decision {
  const ended = state.status === 'completed' || state.status === 'rolled_back' || state.status === 'aborted';
  if (ended) return { ok: false, code: 'precondition', reason: 'The cutover has ended; its lag series are part of the record now' };
  if (command.type === 'series.define') {
    const { series } = command.payload;
    if (!state.series[series.id] && state.seriesOrder.length >= MAX_SERIES) {
      return { ok: false, code: 'precondition', reason: `A cutover watches at most ${MAX_SERIES} series` };
    }
    return { ok: true, events: [{ type: 'series.defined', payload: { series } }] };
  }
  if (!state.series[command.payload.seriesId]) return { ok: false, code: 'not_found', reason: `There is no series "${command.payload.seriesId}"` };
  return { ok: true, events: [{ type: 'series.removed', payload: command.payload }] };
}

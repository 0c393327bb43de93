import type { EventTable } from '../core/tables';
import type { EventOf } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { AlertKind, SeriesConfig } from './schema';
import { freshSeriesStatus, type SeriesStatus } from './seriesStatus';

// Screens and tests read these from here: where they were before the state needed them too.
export { freshSeriesStatus, type SeriesStatus } from './seriesStatus';

function statusAfter(s: SeriesStatus, kind: AlertKind, message: string, at: number): SeriesStatus {
  const next = { ...s, lastKind: kind, message, at };
  switch (kind) {
    case 'warning':
    case 'critical':
    case 'normal':
      return { ...next, level: kind };
    case 'not_draining':
    case 'draining':
      return { ...next, draining: kind };
    case 'down':
    case 'up':
      return { ...next, source: kind, sourceSince: at };
  }
}

function applyDefined(state: CutoverState, e: EventOf<'series.defined'>): CutoverState {
  const series: SeriesConfig = e.payload.series;
  const known = state.series[series.id] !== undefined;
  return {
    ...state,
    series: { ...state.series, [series.id]: series },
    seriesOrder: known ? state.seriesOrder : [...state.seriesOrder, series.id],
    seriesStatus: known ? state.seriesStatus : { ...state.seriesStatus, [series.id]: freshSeriesStatus() },
  };
}

function applyRemoved(state: CutoverState, e: EventOf<'series.removed'>): CutoverState {
  const { [e.payload.seriesId]: _gone, ...series } = state.series;
  const { [e.payload.seriesId]: _status, ...seriesStatus } = state.seriesStatus;
  return { ...state, series, seriesStatus, seriesOrder: state.seriesOrder.filter((id) => id !== e.payload.seriesId) };
}

function applyAlerted(state: CutoverState, e: EventOf<'series.alerted'>): CutoverState {
  const current = state.seriesStatus[e.payload.seriesId];
  if (!current) return state;
  return { ...state, seriesStatus: { ...state.seriesStatus, [e.payload.seriesId]: statusAfter(current, e.payload.kind, e.payload.message, e.ts) } };
}

export const seriesEvents = {
  'series.defined': applyDefined,
  'series.removed': applyRemoved,
  'series.alerted': applyAlerted,
} satisfies EventTable;

import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { AlertKind, SeriesConfig } from './schema';

type SeriesEvent = Extract<CutoverEvent, { type: 'series.defined' | 'series.removed' | 'series.alerted' }>;

/** Where a series stands by its last alerts: what the header and the chart's badge show. */
export type SeriesStatus = {
  level: 'normal' | 'warning' | 'critical';
  draining: 'unknown' | 'draining' | 'not_draining';
  source: 'unknown' | 'up' | 'down';
  /** The last alert: its kind, sentence and time ("down: connection refused"). */
  lastKind: AlertKind | null;
  message: string | null;
  at: number | null;
  sourceSince: number | null;
};

export const freshSeriesStatus = (): SeriesStatus => ({ level: 'normal', draining: 'unknown', source: 'unknown', lastKind: null, message: null, at: null, sourceSince: null });

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

export function applySeriesEvent(state: CutoverState, e: SeriesEvent): CutoverState {
  switch (e.type) {
    case 'series.defined': {
      const series: SeriesConfig = e.payload.series;
      const known = state.series[series.id] !== undefined;
      return {
        ...state,
        series: { ...state.series, [series.id]: series },
        seriesOrder: known ? state.seriesOrder : [...state.seriesOrder, series.id],
        seriesStatus: known ? state.seriesStatus : { ...state.seriesStatus, [series.id]: freshSeriesStatus() },
      };
    }
    case 'series.removed': {
      const { [e.payload.seriesId]: _gone, ...series } = state.series;
      const { [e.payload.seriesId]: _status, ...seriesStatus } = state.seriesStatus;
      return { ...state, series, seriesStatus, seriesOrder: state.seriesOrder.filter((id) => id !== e.payload.seriesId) };
    }
    case 'series.alerted': {
      const current = state.seriesStatus[e.payload.seriesId];
      if (!current) return state;
      return { ...state, seriesStatus: { ...state.seriesStatus, [e.payload.seriesId]: statusAfter(current, e.payload.kind, e.payload.message, e.ts) } };
    }
  }
}

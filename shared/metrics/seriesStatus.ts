import type { AlertKind } from './schema';

/*
 * Kept apart from the fold that moves it (applySeries.ts) so that the cutover's state can
 * name it without importing a slice's behaviour.
 */

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

export const freshSeriesStatus = (): SeriesStatus => ({
  level: 'normal',
  draining: 'unknown',
  source: 'unknown',
  lastKind: null,
  message: null,
  at: null,
  sourceSince: null,
});

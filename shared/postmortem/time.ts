import { formatDuration } from '../runbook/duration';

/*
 * Times and dates as the postmortem writes them. The clock formatters live in shared/time
 * (metrics and comms write clock times too); they are re-exported here for the sections
 * that have always found them here.
 */

export { clock, dateLabel, dayKey, dayLabel } from '../time';

/** Minutes as the postmortem reads them: whole, "45 min"; long spans also in hours, "610 min (10h 10m)". */
export function minutes(min: number): string {
  const whole = Math.round(min);
  return Math.abs(whole) >= 120 ? `${whole} min (${formatDuration(whole)})` : `${whole} min`;
}

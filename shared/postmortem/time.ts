import { formatDuration } from '../runbook/duration';

/**
 * Times and dates as the postmortem writes them: in the cutover's own time zone, the one
 * the crew planned in, whatever machine drafts the text. `Intl` is part of the language,
 * not of a platform, so this stays pure; the formatters are kept because building one is
 * slow and a long night has thousands of events.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'clock' | 'day' | 'date' | 'key'): Intl.DateTimeFormat {
  const k = `${kind}|${timeZone}`;
  let f = formatters.get(k);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'clock'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { day: 'numeric', month: 'long' }
          : kind === 'date'
            ? { day: 'numeric', month: 'long', year: 'numeric' }
            : { year: 'numeric', month: '2-digit', day: '2-digit' };
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    formatters.set(k, f);
  }
  return f;
}

/** "19:00" */
export const clock = (ms: number, timeZone: string): string => formatter(timeZone, 'clock').format(ms);
/** "30 April": the day marker of the timeline, as seed 000 writes it. */
export const dayLabel = (ms: number, timeZone: string): string => formatter(timeZone, 'day').format(ms);
/** "29 April 2026" */
export const dateLabel = (ms: number, timeZone: string): string => formatter(timeZone, 'date').format(ms);
/** A value that changes exactly when the local date does. */
export const dayKey = (ms: number, timeZone: string): string => formatter(timeZone, 'key').format(ms);

/** Minutes as the postmortem reads them: whole, "45 min"; long spans also in hours, "610 min (10h 10m)". */
export function minutes(min: number): string {
  const whole = Math.round(min);
  return Math.abs(whole) >= 120 ? `${whole} min (${formatDuration(whole)})` : `${whole} min`;
}

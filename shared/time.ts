/*
 * Time as the whole domain counts and writes it: the units every module multiplies by,
 * and clock times in the cutover's own time zone (the one the crew planned in, whatever
 * machine shows them). A leaf: it imports nothing, so metrics, comms, the postmortem and
 * the screens can all lean on it. `Intl` is part of the language, not of a platform, so
 * this stays pure; formatters are kept because building one is slow and a long night
 * formats thousands of times.
 */

export const SECOND = 1000;
export const MIN = 60 * SECOND;
export const HOUR = 60 * MIN;

const formatters = new Map<string, Intl.DateTimeFormat>();

type Kind = 'clock' | 'clockSeconds' | 'day' | 'date' | 'key';

const OPTIONS: Record<Kind, Intl.DateTimeFormatOptions> = {
  clock: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  clockSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  day: { day: 'numeric', month: 'long' },
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  key: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

function formatter(timeZone: string, kind: Kind): Intl.DateTimeFormat {
  const k = `${kind}|${timeZone}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...OPTIONS[kind] });
    formatters.set(k, f);
  }
  return f;
}

/** "19:00" (or "19:00:05"): HH:MM in the cutover's own time zone. */
export const clockTime = (ms: number, timeZone: string, withSeconds = false): string => formatter(timeZone, withSeconds ? 'clockSeconds' : 'clock').format(ms);
/** "19:00" */
export const clock = (ms: number, timeZone: string): string => clockTime(ms, timeZone);
/** "30 April": the day marker of the timeline. */
export const dayLabel = (ms: number, timeZone: string): string => formatter(timeZone, 'day').format(ms);
/** "29 April 2026" */
export const dateLabel = (ms: number, timeZone: string): string => formatter(timeZone, 'date').format(ms);
/** A value that changes exactly when the local date does. */
export const dayKey = (ms: number, timeZone: string): string => formatter(timeZone, 'key').format(ms);

/** 1h 05m, 12m, 45s: a span for people. */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  const totalMin = Math.floor(abs / MIN);
  if (totalMin === 0) return `${Math.floor(abs / 1000)}s`;
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
}

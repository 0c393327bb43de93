import { clockTime as formatClock } from '@shared/time';

/*
 * Clock times as the screens ask for them, again and again for the same moments: the runbook
 * words each of its 200 rows' planned and projected times at every step change, and Intl's
 * format is the slowest part of that. The words for a moment and zone never change, so they
 * are kept (bounded tables, emptied when full: a night formats a few thousand moments). One
 * table per zone and precision, keyed by the moment itself: a key built as a string
 * ("ms|zone|s") cost more than the lookup saved, 800 of them at every step change.
 */
const WORDED_MAX = 20_000;
const byZone = { minutes: new Map<string, Map<number, string>>(), seconds: new Map<string, Map<number, string>>() };

/** HH:MM in the cutover's own time zone: the crew plans in it, wherever a laptop is. */
export function clockTime(ms: number, timeZone: string, withSeconds = false): string {
  const zones = withSeconds ? byZone.seconds : byZone.minutes;
  let worded = zones.get(timeZone);
  if (worded === undefined) {
    worded = new Map();
    zones.set(timeZone, worded);
  }
  let text = worded.get(ms);
  if (text === undefined) {
    text = formatClock(ms, timeZone, withSeconds);
    if (worded.size >= WORDED_MAX) worded.clear();
    worded.set(ms, text);
  }
  return text;
}

/** The zone's short name at that moment ("BST", "GMT+2"), with the formatter kept per zone. */
export { zoneName } from '@shared/comms/format';

/** 1h 05m, 12m, 45s: a span for people (the domain's refusals say it the same way). */
export { span } from '@shared/time';

/** T+ 1:23:05 */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Whole minutes, rounded toward the person reading: 0.4 min late is on time. */
export const wholeMinutes = (min: number): number => Math.round(min);

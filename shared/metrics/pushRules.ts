import { isEnded } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { clockTime, HOUR, MIN } from '../time';
import type { SeriesConfig, SeriesUnit } from './schema';

/*
 * What a pushed reading must be for the hub to keep it, beyond being a number at a sane time.
 * Pushes come from scripts the crew writes that night: a sign error or a forgotten cron job
 * after the end would otherwise draw a chart that lies, in the night and in its archive.
 */

/** Units that measure a size or a length of time: nothing is ever below zero of them. */
const NEVER_NEGATIVE: Partial<Record<SeriesUnit, string>> = {
  seconds: 'a lag in seconds cannot be negative',
  bytes: 'a size in bytes cannot be negative',
};

/**
 * How far ahead of the hub's clock a pushed reading may be timed: two machines' clocks a few
 * seconds apart. Further ahead, a reading would count as evidence of a moment that has not
 * come (a lag check "held" early) and, the series kept in time order, push out every true
 * reading timed before it. So it is refused, with a sentence; nothing is moved to fit.
 */
export const PUSH_CLOCK_SKEW_MS = 5_000;

const aheadBy = (ms: number): string => {
  if (ms < MIN) return `${Math.ceil(ms / 1000)} s`;
  if (ms < 24 * 60 * MIN) return `${Math.floor(ms / MIN)} min`;
  return 'more than a day';
};

/**
 * Readings timed before this (September 2001, in milliseconds) are not readings of tonight:
 * most often a script sending seconds (`$(date +%s)`), read as a moment of January 1970, which
 * kept would be accepted and drawn nowhere, with the chip "not read since" 1970 and the points
 * in the record (and the normal band learned from them). Older readings in milliseconds (a
 * script catching up on the day) are kept as before.
 */
export const PUSH_EARLIEST_MS = 1e12;

const DAY = 24 * HOUR;

/**
 * Why a pushed reading timed `t` is refused when the hub's clock reads `now`: ahead of it by
 * more than the skew, or timed before 2001 (said as seconds when, read as seconds, it would be
 * within a day of now).
 */
export function pushedTimeRefusal(seriesId: string, t: number, now: number): string | null {
  if (t < PUSH_EARLIEST_MS) {
    const why = Math.abs(t * 1000 - now) <= DAY ? 'looks like seconds: send milliseconds since the epoch' : 'is before 2001, not a moment of tonight';
    return `A reading for "${seriesId}" was not kept: t ${t} ${why}, or leave "t" out to use the time it arrives`;
  }
  if (t - now <= PUSH_CLOCK_SKEW_MS) return null;
  return `A reading for "${seriesId}" is timed ${aheadBy(t - now)} ahead of the hub's clock (more than ${PUSH_CLOCK_SKEW_MS / 1000} s) and was not kept: check the clock of the machine pushing it, or leave "t" out to use the hub's`;
}

/** Why the hub refuses this reading of a push series, or null when it keeps it. */
export function pushedReadingRefusal(state: CutoverState, series: SeriesConfig, t: number, v: number): string | null {
  const never = NEVER_NEGATIVE[series.unit];
  if (never && v < 0) return `A reading for "${series.id}" is ${v}: ${never}`;
  if (isEnded(state.status) && state.endedAt !== null && t > state.endedAt) {
    const zone = state.info?.window.timeZone ?? 'UTC';
    return `A reading for "${series.id}" at ${clockTime(t, zone, true)} comes after the night ended (${clockTime(state.endedAt, zone, true)}) and was not kept`;
  }
  return null;
}

import { isEnded } from '../cutover/schema';
import type { CutoverState } from '../cutover/state';
import { clockTime } from '../time';
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

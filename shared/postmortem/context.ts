import type { CutoverEvent } from '../cutover/events';
import type { CutoverState } from '../cutover/state';
import type { LagReport } from './lag';
import type { PlannedVsActual } from './plannedVsActual';
import { MIN } from '../time';
import { clock, dayKey, dayLabel, minutes } from './time';

/*
 * What every section of the draft reads, worked out once per draft, and the few ways of
 * writing text they share. Pure: no clock is read, so the same record gives the same text.
 */

export type Ctx = {
  state: CutoverState;
  events: readonly CutoverEvent[];
  tz: string;
  pva: PlannedVsActual;
  lag: LagReport;
  threshold: number;
  firstDay: string;
};

/** One line of the timeline: `at` in ms, `text` as it follows "HH:MM - ". */
export type TimelineLine = { at: number; text: string };

// Sections read the minute from here with the rest of their context.
export { MIN };

/** User text on one Markdown line: a line break inside a note would break the line format. */
export const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A reason as a tail, " (reason)", or nothing when there is none. */
export const because = (reason: string | null | undefined) => (reason && oneLine(reason) ? ` (${oneLine(reason)})` : '');

export const list = (items: readonly string[], none: string) => (items.length ? items.map((i) => `- ${i}`).join('\n') : none);

/** "19:00", or "07:00 on 30 April" when it is not the day the window opened. */
export function when(ctx: Pick<Ctx, 'tz' | 'firstDay'>, ms: number): string {
  return dayKey(ms, ctx.tz) === ctx.firstDay ? clock(ms, ctx.tz) : `${clock(ms, ctx.tz)} on ${dayLabel(ms, ctx.tz)}`;
}

/** "21:04–21:12", "01:10–01:20 on 30 April", or "23:50 to 00:10 on 30 April" across midnight. */
export function span(ctx: Pick<Ctx, 'tz' | 'firstDay'>, from: number, to: number | null): string {
  if (to === null) return `from ${when(ctx, from)} to the end of the record`;
  const day = dayKey(from, ctx.tz);
  if (day !== dayKey(to, ctx.tz)) return `${when(ctx, from)} to ${when(ctx, to)}`;
  return `${clock(from, ctx.tz)}–${clock(to, ctx.tz)}${day === ctx.firstDay ? '' : ` on ${dayLabel(from, ctx.tz)}`}`;
}

/** A length of time: "40 s" under a minute, else as minutes ("150 min (2h 30m)"). */
export function duration(ms: number): string {
  return ms < 59_500 ? `${Math.max(0, Math.round(ms / 1000))} s` : minutes(ms / MIN);
}

/** Where the record stops: the end of the night, or its last event. */
export const lastMoment = (ctx: Pick<Ctx, 'state' | 'events'>): number | null => ctx.state.endedAt ?? ctx.events[ctx.events.length - 1]?.ts ?? null;

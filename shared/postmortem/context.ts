import type { CutoverEvent } from '../cutover/events';
import type { CutoverState, TimelineNote } from '../cutover/state';
import { timelineNotes } from '../cutover/selectors';
import type { LagReport } from './lag';
import type { PlannedVsActual } from './plannedVsActual';
import { isAre, looksPlural, wasWere } from '../metrics/wording';
import { MIN } from '../time';
import { clock, dayKey, dayLabel } from '../time';

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
  /** How far past the maintenance window the night ran: worked out once (`overrunOf`), read by every section. */
  overrun: Overrun | null;
};

/**
 * How far past its maintenance window the night ended (`ended`), or is projected to end, in
 * whole seconds: past the window when `ms` > 0, within it otherwise. Every section decides by
 * this one figure and gives it as `pastWindow` does, so that a summary saying "within the
 * window" never sits beside a section saying "29 s past" it.
 */
export type Overrun = { ms: number; ended: boolean; closedAt: number };

export function overrunOf(state: Pick<CutoverState, 'info' | 'endedAt'>, endAt: number): Overrun | null {
  const closedAt = state.info?.window.end;
  if (closedAt === undefined) return null;
  return { ms: Math.round((endAt - closedAt) / 1000) * 1000, ended: state.endedAt !== null, closedAt };
}

/** "29 s", "10 min": how far past the window, the same in every section. */
export const pastWindow = (o: Overrun): string => length(o.ms);

/**
 * What a line of the timeline is about: a reader scans for decisions or alerts. Notes carry
 * their severity ("issue", "action", "decision"); a plain note is "note".
 */
export type TimelineKind = 'window' | 'cutover' | 'step' | 'decision' | 'note' | 'issue' | 'action' | 'alert' | 'queue' | 'comms' | 'rollback' | 'crew' | 'hub';

/** One line of the timeline: `at` in ms, its kind, and `text` as it follows the time. */
export type TimelineLine = { at: number; kind: TimelineKind; text: string };

// Sections read the minute from here with the rest of their context.
export { MIN };

/**
 * Text people typed, made inert in Markdown: `<script>`, `<img onerror>`, `](javascript:`
 * and a stray `*` or `|` (which would end a table cell) read as the characters they are in
 * any renderer, not as markup. html.ts undoes exactly these escapes.
 */
export const escapeMarkdown = (text: string) => text.replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`);
/** User text on one Markdown line, escaped: a line break inside a note would break the line format. */
export const oneLine = (text: string) => escapeMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
/** A person's name as typed, escaped. */
export const who = (name: string) => oneLine(name);
/** A sentence that ends once: "Failed: X: it broke." never "it broke..". */
export const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
/**
 * The hub's alert as the crew saw it, its verb agreeing with the series' name: "Internal
 * queues are critical", not "is" (archives from before the hub agreed it say "is").
 */
export function alertText(message: string, name: string): string {
  const said = oneLine(message);
  const n = oneLine(name);
  return n && said.startsWith(`${n} is `) ? `${n} ${isAre(name)} ${said.slice(n.length + 4)}` : said;
}

// The verb agrees with a series' name the way the hub's own alerts do (metrics/wording.ts).
export { isAre, looksPlural, wasWere };
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A reason as a tail, " (reason)", or nothing when there is none. */
export const because = (reason: string | null | undefined) => (reason && oneLine(reason) ? ` (${oneLine(reason)})` : '');

export const list = (items: readonly string[], none: string) => (items.length ? items.map((i) => `- ${i}`).join('\n') : none);

/** "19:00", or "07:00 on 30 April" when it is not the day the window opened. */
export function when(ctx: Pick<Ctx, 'tz' | 'firstDay'>, ms: number): string {
  return dayKey(ms, ctx.tz) === ctx.firstDay ? clock(ms, ctx.tz) : `${clock(ms, ctx.tz)} on ${dayLabel(ms, ctx.tz)}`;
}

/**
 * "21:04–21:12", "01:10–01:20 on 30 April", or across midnight both dates, "23:34 on 11 June
 * to 02:57 on 12 June": one date only would read as time running backwards.
 */
export function span(ctx: Pick<Ctx, 'tz' | 'firstDay'>, from: number, to: number | null): string {
  if (to === null) return `from ${when(ctx, from)} to the end of the record`;
  const day = dayKey(from, ctx.tz);
  if (day !== dayKey(to, ctx.tz)) return `${clock(from, ctx.tz)} on ${dayLabel(from, ctx.tz)} to ${clock(to, ctx.tz)} on ${dayLabel(to, ctx.tz)}`;
  return `${clock(from, ctx.tz)}–${clock(to, ctx.tz)}${day === ctx.firstDay ? '' : ` on ${dayLabel(from, ctx.tz)}`}`;
}

/** A length as a reader says it: "40 s", "45 min", "1 h 35 min", "10 h". */
export function length(ms: number): string {
  if (ms < 59_500) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const total = Math.round(ms / MIN);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A length of time, as `length` writes it: every section says "2 h 30 min" the same way. */
export const duration = (ms: number): string => length(ms);

/** Where the record stops: the end of the night, or its last event. */
export const lastMoment = (ctx: Pick<Ctx, 'state' | 'events'>): number | null => ctx.state.endedAt ?? ctx.events[ctx.events.length - 1]?.ts ?? null;

/**
 * The night's notes dated when they were written (`writtenAt`, as the timeline shows it), not
 * when they reached the hub, oldest written first: a note typed offline at 19:15 and delivered
 * at 19:40 was noted at 19:15, and before one written at 19:30 that arrived sooner.
 */
export const notesAsWritten = (events: readonly CutoverEvent[]): TimelineNote[] => timelineNotes(events, true).sort((a, b) => a.at - b.at);

import type { CutoverEvent } from '../cutover/events';
import { timelineNotes } from '../cutover/selectors';
import type { CutoverState } from '../cutover/state';
import { currentRound, type PollRound, type PollState } from '../polls/schema';
import { stationLabel } from '../polls/stations';
import { projectSchedule } from '../schedule/projection';
import { plannedVsActual, type OutageComparison, type PlannedVsActual } from './plannedVsActual';
import { clock, dateLabel, dayKey, dayLabel, minutes } from './time';

export type PostmortemInput = { state: CutoverState; events: readonly CutoverEvent[] };
export type PostmortemOptions = {
  /** A step that took more than this many minutes longer than planned did not go to plan. Default 5. */
  overrunThresholdMin?: number;
};

/** One line of the timeline: `at` in ms, `text` as it follows "HH:MM - ". */
export type TimelineLine = { at: number; text: string };

const MIN = 60_000;
export const DEFAULT_OVERRUN_THRESHOLD_MIN = 5;

/** User text on one Markdown line: a line break inside a note would break the line format. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A reason as a tail, " (reason)", or nothing when there is none. */
const because = (reason: string | null | undefined) => (reason && oneLine(reason) ? ` (${oneLine(reason)})` : '');

/**
 * Drafts the postmortem of a recorded night as Markdown, from the record alone: the same
 * state and events always give the same text (no clock is read). People edit it before it
 * goes out; every section says so plainly when it has nothing to report.
 */
export function draftPostmortem(input: PostmortemInput, opts: PostmortemOptions = {}): string {
  const { state, events } = input;
  const threshold = opts.overrunThresholdMin ?? DEFAULT_OVERRUN_THRESHOLD_MIN;
  const tz = state.info?.window.timeZone ?? 'UTC';
  const pva = plannedVsActual(state);
  const ctx: Ctx = { state, events, tz, pva, threshold, firstDay: dayKey(state.info?.window.start ?? state.startedAt ?? events[0]?.ts ?? 0, tz) };

  const sections: string[][] = [
    [`# Postmortem: ${oneLine(state.info?.title ?? 'Cutover')}`],
    ['## Summary of work', summary(ctx)],
    ['## Timeline', timelineMarkdown(draftTimeline(input), tz)],
    ['## What went to plan', list(wentToPlan(ctx), 'Nothing is recorded as going to plan.')],
    ['## What did not', list(didNotGoToPlan(ctx), 'Nothing is recorded as going wrong.')],
    ['## Decisions', decisions(ctx)],
    ['## Communications', communications(ctx)],
    ['## Action items', list(actionItems(ctx), 'No action items were recorded.')],
  ];
  return `${sections.map((s) => s.filter((p) => p !== '').join('\n\n')).join('\n\n')}\n`;
}

type Ctx = {
  state: CutoverState;
  events: readonly CutoverEvent[];
  tz: string;
  pva: PlannedVsActual;
  threshold: number;
  firstDay: string;
};

const list = (items: readonly string[], none: string) => (items.length ? items.map((i) => `- ${i}`).join('\n') : none);

/** "19:00", or "07:00 on 30 April" when it is not the day the window opened. */
function when(ctx: Ctx, ms: number): string {
  return dayKey(ms, ctx.tz) === ctx.firstDay ? clock(ms, ctx.tz) : `${clock(ms, ctx.tz)} on ${dayLabel(ms, ctx.tz)}`;
}

/** Where the record stops: the end of the night, or its last event. */
const lastMoment = (ctx: Ctx): number | null => ctx.state.endedAt ?? ctx.events[ctx.events.length - 1]?.ts ?? null;

// ── Summary ────────────────────────────────────────────────────────────────────────────

function summary(ctx: Ctx): string {
  const { state, tz } = ctx;
  const info = state.info;
  if (!info) return 'The record holds no cutover.';
  const { start, end } = info.window;
  const sameDay = dayKey(start, tz) === dayKey(end, tz);
  const lines: string[] = [];
  lines.push(
    sameDay
      ? `Window: ${clock(start, tz)}–${clock(end, tz)} on ${dateLabel(start, tz)} (${tz})`
      : `Window: ${clock(start, tz)} on ${dateLabel(start, tz)} to ${clock(end, tz)} on ${dateLabel(end, tz)} (${tz})`,
  );
  if (info.isRehearsal) lines.push('This was a rehearsal.');
  lines.push(state.startedAt === null ? 'T0: the cutover was never started' : `T0: ${when(ctx, state.startedAt)}`);
  lines.push(`Outcome: ${outcome(ctx)}`);

  const steps = ctx.pva.steps;
  const count = (s: string) => steps.filter((x) => x.status === s).length;
  const done = count('done');
  const skipped = count('skipped');
  const failed = count('failed');
  const open = steps.length - done - skipped - failed;
  lines.push(`Steps: ${done} done, ${skipped} skipped, ${failed} failed${open ? `, ${open} not finished` : ''} (of ${steps.length})`);

  const at = lastMoment(ctx) ?? start;
  const projection = projectSchedule(state, at);
  const ended = state.endedAt !== null;
  const endAt = state.endedAt ?? projection.projectedEnd;
  const late = Math.round((endAt - projection.plannedEnd) / MIN);
  const lateness = late > 0 ? `${minutes(late)} later than planned` : late < 0 ? `${minutes(-late)} earlier than planned` : 'as planned';
  lines.push(
    ended
      ? `Planned end: ${when(ctx, projection.plannedEnd)}; actual end: ${when(ctx, endAt)}, ${lateness}`
      : `Planned end: ${when(ctx, projection.plannedEnd)}; projected end at the last record (${when(ctx, at)}): ${when(ctx, endAt)}, ${lateness}`,
  );
  const past = Math.round((endAt - end) / MIN);
  lines.push(past > 0 ? `${ended ? 'Ended' : 'Projected to end'} ${minutes(past)} past the window (which closed at ${when(ctx, end)})` : `${ended ? 'Ended' : 'Projected to end'} within the window (which closed at ${when(ctx, end)})`);
  return lines.map((l) => `- ${l}`).join('\n');
}

function outcome(ctx: Ctx): string {
  const { state } = ctx;
  const at = state.endedAt === null ? '' : ` at ${when(ctx, state.endedAt)}`;
  switch (state.status) {
    case 'completed': return `completed${at}`;
    case 'rolled_back': return `rolled back${at}${because(state.statusReason)}`;
    case 'aborted': return `aborted${at}${because(state.statusReason)}`;
    case 'in_progress': return state.rollback ? 'rolling back, still in progress at the last record' : 'still in progress at the last record';
    case 'scheduled': return 'scheduled, not started';
    case 'draft': return 'a draft, not started';
  }
}

// ── Timeline ───────────────────────────────────────────────────────────────────────────

/**
 * The night in one line per meaningful moment, oldest first: the window opening and
 * closing, T0, steps started, done, failed, skipped, blocked or reopened, notes as they were
 * written, go/no-go polls and decisions, rollback and the end. Joins, invites, shifts and
 * poll answers are left out (the answers are under Decisions).
 */
export function draftTimeline(input: PostmortemInput): TimelineLine[] {
  const { state, events } = input;
  const title = (id: string) => oneLine(state.steps[id]?.title ?? id);
  type Ranked = TimelineLine & { rank: number; order: number };
  const out: Ranked[] = [];
  const add = (at: number, rank: number, order: number, text: string) => out.push({ at, rank, order, text });

  // A GO ticks its gate off with the decision's rationale as a note: said once is enough.
  const decided = new Set(events.flatMap((e) => (e.type === 'decision.recorded' && e.commandId ? [e.commandId] : [])));
  for (const e of events) {
    const line = e.type === 'step.completed' && e.commandId && decided.has(e.commandId) ? `Done: ${title(e.payload.stepId)}` : eventLine(e, title, state);
    if (line !== null) add(e.ts, 1, e.seq, line);
  }
  const info = state.info;
  if (info) {
    add(info.window.start, 0, 0, 'Scheduled maintenance window starts');
    const until = state.endedAt ?? events[events.length - 1]?.ts ?? null;
    // The window's end belongs in the record only once the night has reached it.
    if (until !== null && info.window.end <= until) add(info.window.end, 2, 0, 'Scheduled maintenance window ends');
  }
  out.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
  return out.map(({ at, text }) => ({ at, text }));
}

function eventLine(e: CutoverEvent, title: (id: string) => string, state: CutoverState): string | null {
  switch (e.type) {
    case 'cutover.statusChanged':
      switch (e.payload.to) {
        case 'in_progress': return e.payload.from === 'in_progress' ? null : 'Cutover started (T0)';
        case 'completed': return 'Cutover completed';
        case 'rolled_back': return `Cutover rolled back${because(e.payload.reason)}`;
        case 'aborted': return `Cutover aborted${because(e.payload.reason)}`;
        default: return null;
      }
    case 'step.started':
      return e.payload.forcedReason
        ? `Started before its dependencies were done: ${title(e.payload.stepId)}${because(e.payload.forcedReason)}`
        : `Started: ${title(e.payload.stepId)}`;
    case 'step.completed': return `Done: ${title(e.payload.stepId)}${because(e.payload.note)}`;
    case 'step.failed': return `Failed: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.skipped': return `Skipped: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.blocked': return `Blocked: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.reopened': return `Reopened: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.noted': return `Note on ${title(e.payload.stepId)}: ${oneLine(e.payload.text)}`;
    case 'note.added': return oneLine(e.payload.text);
    case 'poll.opened': return `Go/no-go poll opened: ${oneLine(e.payload.question)}`;
    case 'decision.recorded': {
      const poll = e.payload.pollId ? state.polls[e.payload.pollId] : undefined;
      return `Decision: ${e.payload.decision.toUpperCase()} by ${e.actor.name}${poll ? ` on “${oneLine(poll.question)}”` : ''}: ${oneLine(e.payload.rationale)}`;
    }
    case 'rollback.started': return `Rollback started: ${plural(e.payload.phase.steps.length, 'step')} to undo`;
    default: return null;
  }
}

/** `HH:MM - text` lines, with the date on a line of its own at the start and whenever it changes. */
function timelineMarkdown(lines: readonly TimelineLine[], tz: string): string {
  if (lines.length === 0) return 'Nothing was recorded.';
  const blocks: string[][] = [];
  let day: string | null = null;
  for (const l of lines) {
    const key = dayKey(l.at, tz);
    if (key !== day) {
      day = key;
      blocks.push([dayLabel(l.at, tz)], []);
    }
    blocks[blocks.length - 1]?.push(`${clock(l.at, tz)} - ${l.text}`);
  }
  return blocks.map((b) => b.join('\n')).join('\n\n');
}

// ── What went to plan, and what did not ───────────────────────────────────────────────

const outageName = (o: OutageComparison) => capitalise(oneLine(o.name));

function wentToPlan(ctx: Ctx): string[] {
  const { state, pva, threshold } = ctx;
  const items: string[] = [];
  if (state.status === 'completed') items.push(`The cutover was completed${state.rollback ? ' after a rollback' : ''}.`);
  const timed = pva.steps.filter((s) => s.status === 'done' && s.overrunMin !== null);
  const onTime = timed.filter((s) => (s.overrunMin ?? 0) <= threshold);
  if (timed.length) items.push(`${onTime.length} of ${plural(timed.length, 'step')} done took no more than ${minutes(threshold)} longer than planned.`);
  const phasesOnTime = pva.phases.filter((p) => p.slipMin !== null && p.slipMin <= threshold);
  if (phasesOnTime.length) items.push(`Finished within ${minutes(threshold)} of their planned end: ${phasesOnTime.map((p) => oneLine(p.title)).join(', ')}.`);
  for (const o of pva.outages) {
    if (o.actualMin !== null && o.actualMin - o.plannedMin <= threshold) {
      items.push(`${outageName(o)} was stopped for ${minutes(o.actualMin)} against ${Math.round(o.plannedMin)} planned.`);
    }
  }
  const end = state.info?.window.end;
  if (state.endedAt !== null && end !== undefined && state.endedAt <= end) items.push('The night ended within the maintenance window.');
  return items;
}

function didNotGoToPlan(ctx: Ctx): string[] {
  const { state, events, pva, threshold } = ctx;
  const items: string[] = [];
  const owner = (o: string) => (o.trim() ? ` (${oneLine(o)})` : '');
  for (const s of pva.steps) {
    if (s.status === 'done' && s.overrunMin !== null && s.actualMin !== null && s.overrunMin > threshold) {
      items.push(`${oneLine(s.title)}${owner(s.owner)} took ${minutes(s.actualMin)} against ${Math.round(s.plannedMin)} planned (${Math.round(s.overrunMin)} min over).`);
    }
  }
  for (const s of pva.steps) {
    const reason = state.steps[s.stepId]?.statusReason;
    if (s.status === 'failed') items.push(`Failed: ${oneLine(s.title)}${owner(s.owner)}${reason ? `: ${oneLine(reason)}` : ''}.`);
    if (s.status === 'skipped') items.push(`Skipped: ${oneLine(s.title)}${owner(s.owner)}${reason ? `: ${oneLine(reason)}` : ''}.`);
  }
  if (state.endedAt !== null) {
    const open = pva.steps.filter((s) => s.status === 'pending' || s.status === 'in_progress' || s.status === 'blocked');
    if (open.length) items.push(`Not finished when the night ended: ${open.map((s) => `${oneLine(s.title)} (${s.status.replace('_', ' ')})`).join(', ')}.`);
  }
  for (const n of timelineNotes(events)) {
    if (n.severity === 'issue') items.push(`Issue noted at ${when(ctx, n.at)} by ${n.by.name}: ${oneLine(n.text)}`);
  }
  for (const o of pva.outages) {
    if (o.actualMin !== null && o.actualMin - o.plannedMin > threshold) {
      items.push(`${outageName(o)} was stopped for ${minutes(o.actualMin)} against ${Math.round(o.plannedMin)} planned (${Math.round(o.actualMin - o.plannedMin)} min over).`);
    } else if (o.actualMin === null && o.start !== null) {
      items.push(`${outageName(o)} was stopped at ${when(ctx, o.start)}; the record does not show it restarted (${Math.round(o.plannedMin)} min planned).`);
    }
  }
  if (state.rollback) items.push(`Rollback was decided at ${when(ctx, state.rollback.startedAt)}.`);
  if (state.status === 'rolled_back' || state.status === 'aborted') {
    items.push(`The cutover was ${state.status === 'aborted' ? 'aborted' : 'rolled back'}${state.statusReason ? `: ${oneLine(state.statusReason)}` : ''}.`);
  }
  const end = state.info?.window.end;
  if (state.endedAt !== null && end !== undefined && state.endedAt > end) {
    items.push(`The night ran ${minutes((state.endedAt - end) / MIN)} past the end of the maintenance window.`);
  }
  return items;
}

// ── Decisions ──────────────────────────────────────────────────────────────────────────

const VOTE = { go: 'GO', no_go: 'NO-GO' } as const;
const CLOSE = { complete: 'everyone answered', deadline: 'deadline reached', closed_by_lead: 'closed by the lead', decided: 'decided', repolled: 'asked again' } as const;

function decisions(ctx: Ctx): string {
  const { state, events } = ctx;
  const name = (id: string) => state.members[id]?.name;
  const blocks: string[] = [];
  for (const pollId of state.pollOrder) {
    const poll = state.polls[pollId];
    if (poll) blocks.push(pollBlock(ctx, poll, name));
  }
  const loose = state.decisions.filter((d) => d.pollId === null || !state.polls[d.pollId]);
  const decisionNotes = timelineNotes(events).filter((n) => n.severity === 'decision');
  if (loose.length || decisionNotes.length) {
    const items = [
      ...loose.map((d) => `${d.decision.toUpperCase()} at ${when(ctx, d.at)} by ${d.by.name}: ${oneLine(d.rationale)}`),
      ...decisionNotes.map((n) => `Noted at ${when(ctx, n.at)} by ${n.by.name}: ${oneLine(n.text)}`),
    ];
    blocks.push(`### ${state.pollOrder.length ? 'Other decisions' : 'Decisions without a poll'}\n\n${list(items, '')}`);
  }
  return blocks.length ? blocks.join('\n\n') : 'No go/no-go polls or decisions were recorded.';
}

function pollBlock(ctx: Ctx, poll: PollState, name: (id: string) => string | undefined): string {
  const { state } = ctx;
  const gate = poll.gateStepId ? state.steps[poll.gateStepId] : undefined;
  const intro = `Opened at ${when(ctx, pollOpenedAt(poll))} by ${poll.openedBy.name}${gate ? ` for the gate “${oneLine(gate.title)}”` : ''}; ${plural(poll.rounds.length, 'round')}.`;
  const items = poll.rounds.map((r) => roundLine(ctx, poll, r, name));
  if (poll.conditions.length) {
    items.push(`Conditions: ${poll.conditions.map((c) => `${oneLine(c.text)} (${c.met === null ? 'not checked' : `${c.met ? 'met' : 'not met'}${c.by ? `, checked by ${c.by}` : ''}`})`).join('; ')}`);
  }
  for (const d of state.decisions.filter((x) => x.pollId === poll.id)) {
    items.push(`Decision: ${d.decision.toUpperCase()} at ${when(ctx, d.at)} by ${d.by.name}: ${oneLine(d.rationale)}`);
  }
  if (!state.decisions.some((x) => x.pollId === poll.id)) items.push('No decision was recorded on this poll.');
  return `### ${oneLine(poll.question)}\n\n${intro}\n\n${list(items, '')}`;
}

const pollOpenedAt = (poll: PollState) => poll.rounds[0]?.openedAt ?? currentRound(poll).openedAt;

function roundLine(ctx: Ctx, poll: PollState, r: PollRound, name: (id: string) => string | undefined): string {
  const closed = r.closedAt === null ? 'still open' : `closed at ${when(ctx, r.closedAt)}${r.closeReason ? `, ${CLOSE[r.closeReason]}` : ''}`;
  const votes = poll.stations.map((key) => {
    const a = r.answers[key];
    const station = stationLabel(key, name);
    if (!a) return `${station}: no answer`;
    const comment = oneLine(a.comment);
    return `${station}: ${VOTE[a.vote]} (${a.by.name}${comment ? `: ${comment}` : ''})`;
  });
  return `Round ${r.round} (opened at ${when(ctx, r.openedAt)}, ${closed}): ${votes.join('; ')}`;
}

// ── Communications ─────────────────────────────────────────────────────────────────────

type MessageEvent = { type: string; ts: number; actor: { name: string }; payload: unknown };

/**
 * How each comms event reads in the postmortem. The comms feature will record `message.*`
 * events (requested, sent, failed); each new type gets its line here and nowhere else.
 * A `message.*` type without an entry still appears, described from its payload.
 */
const MESSAGE_LINES: Record<string, (payload: Record<string, unknown>) => string> = {};

function messageLine(e: MessageEvent): string {
  const payload = typeof e.payload === 'object' && e.payload !== null ? (e.payload as Record<string, unknown>) : {};
  const describe = MESSAGE_LINES[e.type];
  if (describe) return describe(payload);
  const field = (k: string) => (typeof payload[k] === 'string' && payload[k] !== '' ? oneLine(payload[k]) : null);
  const channel = field('channel') ?? field('target');
  const text = field('text') ?? field('summary') ?? field('reason');
  return `Message ${e.type.slice('message.'.length)}${channel ? ` to ${channel}` : ''}${text ? `: ${text}` : ''}`;
}

const isMessageEvent = (e: { type: string }): boolean => e.type.startsWith('message.') || Object.hasOwn(MESSAGE_LINES, e.type);

function communications(ctx: Ctx): string {
  const messages: readonly MessageEvent[] = ctx.events.filter(isMessageEvent);
  if (messages.length === 0) return 'No messages were recorded.';
  return list(messages.map((e) => `${when(ctx, e.ts)} ${messageLine(e)} (${e.actor.name})`), '');
}

// ── Action items ───────────────────────────────────────────────────────────────────────

function actionItems(ctx: Ctx): string[] {
  return timelineNotes(ctx.events)
    .filter((n) => n.severity === 'action')
    .map((n) => `[ ] ${oneLine(n.text)} (${n.by.name})`);
}

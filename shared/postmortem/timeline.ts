import type { CutoverEvent } from '../cutover/events';
import { statusSentence } from '../cutover/statusSentence';
import type { CutoverState } from '../cutover/state';
import type { SampleBatch } from '../metrics/schema';
import { writtenTail } from '../protocol/writtenAt';
import { alertText, because, duration, oneLine, plural, span, type TimelineKind, type TimelineLine } from './context';
import { updateTimelineLines } from './communications';
import { analyseLag, type SeriesLag } from './lag';
import { plannedVsActual } from './plannedVsActual';
import { caughtUpLines } from './queues';
import { overrideTail } from './decisions';
import { clock, dayKey, dayLabel, MIN } from '../time';

// Defined with the context every section shares, so queues.ts can make lines without importing this file.
export type { TimelineKind, TimelineLine } from './context';

export type TimelineInput = { state: CutoverState; events: readonly CutoverEvent[]; samples?: readonly SampleBatch[] };

/**
 * The night in one line per meaningful moment, oldest first: the window opening and
 * closing, T0, steps started, done, failed, skipped, blocked or reopened, notes as they were
 * written, go/no-go polls and decisions, each update sent, rollback and the end; and from
 * the lag series, a line going critical or not draining, a source going down and coming
 * back, and each series catching up (from its samples); shift changes; and any time the hub was down. Joins, invites, poll answers and the
 * routine alerts (warning, back to normal, draining again) are left out; the answers are
 * under Decisions, the alerts under Queues and lag.
 */
export function draftTimeline(input: TimelineInput): TimelineLine[] {
  const { state, events } = input;
  const lag = input.samples?.length ? analyseLag(state, events, input.samples, plannedVsActual(state).outages).series : [];
  return timelineOf(state, events, lag);
}

export function timelineOf(state: CutoverState, events: readonly CutoverEvent[], lag: readonly SeriesLag[]): TimelineLine[] {
  const title = (id: string) => oneLine(state.steps[id]?.title ?? id);
  type Ranked = TimelineLine & { rank: number; order: number };
  const out: Ranked[] = [];
  const add = (at: number, rank: number, order: number, kind: TimelineKind, text: string) => out.push({ at, rank, order, kind, text });

  // A GO ticks its gate off with the decision's rationale as a note: said once is enough.
  const decided = new Set(events.flatMap((e) => (e.type === 'decision.recorded' && e.commandId ? [e.commandId] : [])));
  const tz = state.info?.window.timeZone ?? 'UTC';
  for (const e of events) {
    // An outage stands where it began: nothing was recorded between then and the hub's return.
    if (e.type === 'hub.resumed') add(e.payload.downFrom, 1, e.seq, 'hub', hubDown(e.payload, tz));
    const line = e.type === 'step.completed' && e.commandId && decided.has(e.commandId) ? `Done: ${title(e.payload.stepId)}` : eventLine(e, title, state);
    // Ordered by the hub's time; a note that was written well before it arrived says so.
    if (line !== null) add(e.ts, 1, e.seq, kindOf(e), line + writtenTail(e, tz));
  }
  // Every update, where it ended (communications.ts): what customers were told is part of the night.
  for (const l of updateTimelineLines(state, events)) add(l.at, 1, l.seq, 'comms', l.text);
  // After the events of the same moment, in the order the series were defined.
  caughtUpLines(lag).forEach((l, i) => add(l.at, 1, Number.MAX_SAFE_INTEGER - lag.length + i, 'queue', l.text));
  const info = state.info;
  if (info) {
    add(info.window.start, 0, 0, 'window', 'Scheduled maintenance window starts');
    const until = state.endedAt ?? events[events.length - 1]?.ts ?? null;
    // The window's end belongs in the record only once the night has reached it.
    if (until !== null && info.window.end <= until) add(info.window.end, 2, 0, 'window', 'Scheduled maintenance window ends');
  }
  out.sort((a, b) => a.at - b.at || a.rank - b.rank || a.order - b.order);
  return out.map(({ at, kind, text }) => ({ at, kind, text }));
}

/** "Hub was down 02:10–02:25 (15 min)": the span reads in the day it began, which the timeline has just named. */
const hubDown = ({ downFrom, downUntil }: { downFrom: number; downUntil: number }, tz: string) =>
  `Hub was down ${span({ tz, firstDay: dayKey(downFrom, tz) }, downFrom, downUntil)} (${duration(downUntil - downFrom)})`;

const SHOWN_ALERTS = new Set(['critical', 'not_draining', 'down', 'up']);

function kindOf(e: CutoverEvent): TimelineKind {
  switch (e.type) {
    case 'note.added':
      return e.payload.severity === 'info' ? 'note' : e.payload.severity;
    case 'step.noted':
      return 'note';
    case 'poll.opened':
    case 'decision.recorded':
    case 'ponr.overridden':
      return 'decision';
    case 'rollback.started':
      return 'rollback';
    case 'series.alerted':
      return 'alert';
    case 'cutover.statusChanged':
      return 'cutover';
    case 'member.shiftChanged':
      return 'crew';
    default:
      return 'step';
  }
}

function eventLine(e: CutoverEvent, title: (id: string) => string, state: CutoverState): string | null {
  switch (e.type) {
    case 'cutover.statusChanged':
      if (e.payload.to === 'draft' || e.payload.to === 'scheduled' || e.payload.from === e.payload.to) return null;
      return statusSentence(e.payload, title, because);
    case 'step.edited':
      return replanLine(e, title, state);
    case 'step.started':
      return e.payload.forcedReason
        ? `Started before its dependencies were done: ${title(e.payload.stepId)}${because(e.payload.forcedReason)}`
        : `Started: ${title(e.payload.stepId)}`;
    case 'step.completed':
      return `Done: ${title(e.payload.stepId)}${because(e.payload.note)}`;
    case 'step.failed':
      return `Failed: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.skipped':
      return `Skipped: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.blocked':
      return `Blocked: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.reopened':
      return `Reopened: ${title(e.payload.stepId)}${because(e.payload.reason)}`;
    case 'step.noted':
      return `Note on ${title(e.payload.stepId)}: ${oneLine(e.payload.text)}`;
    case 'note.added':
      return oneLine(e.payload.text);
    case 'poll.opened':
      return `Go/no-go poll opened: ${oneLine(e.payload.question)}`;
    case 'decision.recorded': {
      const poll = e.payload.pollId ? state.polls[e.payload.pollId] : undefined;
      return `Decision: ${e.payload.decision.toUpperCase()} by ${oneLine(e.actor.name)}${poll ? ` on “${oneLine(poll.question)}”` : ''}: ${oneLine(e.payload.rationale)}${overrideTail(e.payload.override)}`;
    }
    case 'ponr.overridden':
      return `Override by ${oneLine(e.actor.name)}: the point of no return at ${title(e.payload.stepId)} may be crossed without a GO${because(e.payload.reason)}`;
    case 'rollback.started':
      return `Rollback started: ${plural(e.payload.phase.steps.length, 'step')} to undo`;
    case 'member.shiftChanged': {
      // Who was there when matters afterwards (seed 004: half the crew went to bed at 4 AM).
      const name = oneLine(state.members[e.payload.memberId]?.name ?? e.actor.name);
      return `${name} ${e.payload.onShift ? 'back on shift' : 'off shift'}${e.payload.handover && oneLine(e.payload.handover) ? `: ${oneLine(e.payload.handover)}` : ''}`;
    }
    case 'series.alerted': {
      if (!SHOWN_ALERTS.has(e.payload.kind)) return null;
      // The sentence the crew saw at the time ("Alarm queue is critical at 12,000 (line 10,000)").
      const name = state.series[e.payload.seriesId]?.name ?? e.payload.seriesId;
      return alertText(e.payload.message, name) || `${oneLine(name)}: ${e.payload.kind.replace('_', ' ')}`;
    }
    default:
      return null;
  }
}

/**
 * A list, one item per moment with its kind, `- 19:45 [step] Started: Stop event
 * processing`, under a "### 29 April" heading at the start and whenever the date changes.
 */
export function timelineMarkdown(lines: readonly TimelineLine[], tz: string): string {
  if (lines.length === 0) return 'Nothing was recorded.';
  const blocks: string[][] = [];
  let day: string | null = null;
  for (const l of lines) {
    const key = dayKey(l.at, tz);
    if (key !== day) {
      day = key;
      blocks.push([`### ${dayLabel(l.at, tz)}`], []);
    }
    blocks[blocks.length - 1]?.push(`- ${clock(l.at, tz)} [${l.kind}] ${l.text}`);
  }
  return blocks.map((b) => b.join('\n')).join('\n\n');
}

/**
 * "Re-planned: “Copy orders” to take 60 min": a step's time or length edited once the night
 * had started. The comparison with the plan stays with the plan the night started with
 * (plannedVsActual); this says when and how the plan moved. Other edits are wording.
 */
function replanLine(e: Extract<CutoverEvent, { type: 'step.edited' }>, title: (id: string) => string, state: CutoverState): string | null {
  const { plannedOffsetMin, plannedDurationMin } = e.payload.changes;
  if (state.startedAt === null || e.ts < state.startedAt || (plannedOffsetMin === undefined && plannedDurationMin === undefined)) return null;
  const start = state.info?.window.start;
  const parts = [
    ...(plannedOffsetMin !== undefined && start !== undefined ? [`to start at ${clock(start + plannedOffsetMin * MIN, state.info!.window.timeZone)}`] : []),
    ...(plannedDurationMin !== undefined ? [`to take ${plannedDurationMin} min`] : []),
  ];
  return parts.length > 0 ? `Re-planned: ${title(e.payload.stepId)} ${parts.join(' and ')}` : null;
}

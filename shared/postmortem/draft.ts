import type { CutoverEvent } from '../cutover/events';
import { timelineNotes } from '../cutover/selectors';
import type { CutoverState } from '../cutover/state';
import type { SampleBatch } from '../metrics/schema';
import { projectSchedule } from '../schedule/projection';
import { communications } from './communications';
import { because, lastMoment, list, MIN, oneLine, when, type Ctx } from './context';
import { decisions } from './decisions';
import { analyseLag } from './lag';
import { didNotGoToPlan, wentToPlan } from './outcomes';
import { plannedVsActual } from './plannedVsActual';
import { queuesAndLag } from './queues';
import { clock, dateLabel, dayKey, minutes } from './time';
import { timelineMarkdown, timelineOf } from './timeline';

export type PostmortemInput = {
  state: CutoverState;
  events: readonly CutoverEvent[];
  /** The lag series' readings, as the archive carries them: any number of batches per series, in time order. */
  samples?: readonly SampleBatch[];
};
export type PostmortemOptions = {
  /** A step that took more than this many minutes longer than planned did not go to plan. Default 5. */
  overrunThresholdMin?: number;
};

export const DEFAULT_OVERRUN_THRESHOLD_MIN = 5;

/**
 * Drafts the postmortem of a recorded night as Markdown, from the record alone: the same
 * state, events and samples always give the same text (no clock is read). People edit it
 * before it goes out; every section says so plainly when it has nothing to report.
 *
 * The sections live in their own modules: timeline.ts, outcomes.ts (what went to plan and
 * what did not), queues.ts with lag.ts (the lag series), decisions.ts, communications.ts.
 */
export function draftPostmortem(input: PostmortemInput, opts: PostmortemOptions = {}): string {
  const { state, events } = input;
  const threshold = opts.overrunThresholdMin ?? DEFAULT_OVERRUN_THRESHOLD_MIN;
  const tz = state.info?.window.timeZone ?? 'UTC';
  const pva = plannedVsActual(state);
  const lag = analyseLag(state, events, input.samples ?? [], pva.outages);
  const firstDay = dayKey(state.info?.window.start ?? state.startedAt ?? events[0]?.ts ?? 0, tz);
  const ctx: Ctx = { state, events, tz, pva, lag, threshold, firstDay };

  const sections: string[][] = [
    [`# Postmortem: ${oneLine(state.info?.title ?? 'Cutover')}`],
    ['## Summary of work', summary(ctx)],
    ['## Timeline', timelineMarkdown(timelineOf(state, events, lag.series), tz)],
    ['## What went to plan', list(wentToPlan(ctx), 'Nothing is recorded as going to plan.')],
    ['## What did not', list(didNotGoToPlan(ctx), 'Nothing is recorded as going wrong.')],
    ['## Queues and lag', queuesAndLag(ctx)],
    ['## Decisions', decisions(ctx)],
    ['## Communications', communications(ctx)],
    ['## Action items', list(actionItems(ctx), 'No action items were recorded.')],
  ];
  return `${sections.map((s) => s.filter((p) => p !== '').join('\n\n')).join('\n\n')}\n`;
}

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
  lines.push(
    past > 0
      ? `${ended ? 'Ended' : 'Projected to end'} ${minutes(past)} past the window (which closed at ${when(ctx, end)})`
      : `${ended ? 'Ended' : 'Projected to end'} within the window (which closed at ${when(ctx, end)})`,
  );
  return lines.map((l) => `- ${l}`).join('\n');
}

function outcome(ctx: Ctx): string {
  const { state } = ctx;
  const at = state.endedAt === null ? '' : ` at ${when(ctx, state.endedAt)}`;
  switch (state.status) {
    case 'completed':
      return `completed${at}`;
    case 'rolled_back':
      return `rolled back${at}${because(state.statusReason)}`;
    case 'aborted':
      return `aborted${at}${because(state.statusReason)}`;
    case 'in_progress':
      return state.rollback ? 'rolling back, still in progress at the last record' : 'still in progress at the last record';
    case 'scheduled':
      return 'scheduled, not started';
    case 'draft':
      return 'a draft, not started';
  }
}

function actionItems(ctx: Ctx): string[] {
  return timelineNotes(ctx.events)
    .filter((n) => n.severity === 'action')
    .map((n) => `[ ] ${oneLine(n.text)} (${n.by.name})`);
}

import type { ActionItem } from '../actions/schema';
import type { CutoverEvent } from '../cutover/events';
import { timelineNotes } from '../cutover/selectors';
import type { CutoverState } from '../cutover/state';
import type { SampleBatch } from '../metrics/schema';
import { projectSchedule } from '../schedule/projection';
import { actionItemsTable } from './actionTable';
import { communications } from './communications';
import { because, lastMoment, length, list, MIN, oneLine, overrunOf, pastWindow, plural, when, type Ctx } from './context';
import { crewSection } from './crew';
import { decisions } from './decisions';
import { plannedVsActualTable, rehearsalTable } from './figures';
import { detectionSection, impactLine, impactSection, resolutionSection } from './impact';
import { analyseLag } from './lag';
import { didNotGoToPlan, wentToPlan } from './outcomes';
import { placeholder } from './placeholder';
import { asStarted, plannedVsActual, type StepComparison } from './plannedVsActual';
import { queuesAndLag } from './queues';
import { clock, dateLabel, dayKey } from '../time';
import { timelineMarkdown, timelineOf } from './timeline';
import { verificationsSection } from './verifications';

export type PostmortemInput = {
  state: CutoverState;
  events: readonly CutoverEvent[];
  /** The lag series' readings, as the archive carries them: any number of batches per series, in time order. */
  samples?: readonly SampleBatch[];
  /** Action items added in the review, after the night (the archive carries them); the night's own are in the state. */
  actions?: readonly ActionItem[];
  /** The rehearsal this night was planned from: its steps are set beside the live ones. */
  rehearsal?: { state: CutoverState };
};
export type PostmortemOptions = {
  /** A step that took more than this many minutes longer than planned did not go to plan. Default 5. */
  overrunThresholdMin?: number;
};

export const DEFAULT_OVERRUN_THRESHOLD_MIN = 5;

/**
 * Drafts the postmortem of a recorded night as Markdown, in the shape teams publish (the
 * Google SRE book's template): summary, impact, timeline, root cause and trigger, detection,
 * resolution, contributing factors, what went well and wrong, where we got lucky, action
 * items, and the supporting figures. The record fills what it can; what only people know is
 * a marked placeholder with a prompt (placeholder.ts), never invented text. The same input
 * always gives the same text (no clock is read). User text is escaped (context.ts).
 *
 * The sections live in their own modules: impact.ts, timeline.ts, outcomes.ts (what went
 * well and wrong), queues.ts with lag.ts, decisions.ts, communications.ts, actionTable.ts,
 * figures.ts.
 */
export function draftPostmortem(input: PostmortemInput, opts: PostmortemOptions = {}): string {
  const { state, events } = input;
  const threshold = opts.overrunThresholdMin ?? DEFAULT_OVERRUN_THRESHOLD_MIN;
  const tz = state.info?.window.timeZone ?? 'UTC';
  const pva = plannedVsActual(state, events);
  const lag = analyseLag(state, events, input.samples ?? [], pva.outages);
  const firstDay = dayKey(state.info?.window.start ?? state.startedAt ?? events[0]?.ts ?? 0, tz);
  const ends = endOf(state, events);
  const ctx: Ctx = { state, events, tz, pva, lag, threshold, firstDay, overrun: overrunOf(state, ends.endAt) };

  const figures: string[][] = [
    ['### Planned against actual', plannedVsActualTable(ctx)],
    ['### Queues and lag', queuesAndLag(ctx)],
    ['### Decisions', decisions(ctx)],
    ['### Communications', communications(ctx)],
    ['### Crew', crewSection(ctx)],
    ...(input.rehearsal ? [['### Rehearsal against live', rehearsalTable(state, input.rehearsal.state)]] : []),
  ];
  const sections: string[][] = [
    [`# Postmortem: ${oneLine(state.info?.title ?? 'Cutover')}`],
    ['## Summary', summary(ctx, ends)],
    ['## Impact', impactSection(ctx)],
    ['## Timeline', timelineMarkdown(timelineOf(state, events, lag.series), tz)],
    ['## Root cause and trigger', placeholder('what caused it, and what set it off that night?')],
    ['## Detection', detectionSection(ctx)],
    ['## Resolution', resolutionSection(ctx)],
    ...verificationsSection(ctx),
    ['## Contributing factors', placeholder('what made it worse or more likely (staging smaller than live, a missing check, a tired crew)?')],
    ['## What went well', list(wentToPlan(ctx), placeholder('what worked and should be done the same way next time?'))],
    ['## What went wrong', list(didNotGoToPlan(ctx), 'Nothing is recorded as going wrong.')],
    ['## Where we got lucky', placeholder('what could have gone worse, and did not only by chance?')],
    ['## Action items', actionItemsTable(ctx, input.actions ?? [])],
    ['## Supporting figures', figures.map((f) => f.filter((p) => p !== '').join('\n\n')).join('\n\n')],
  ];
  return `${sections.map((s) => s.filter((p) => p !== '').join('\n\n')).join('\n\n')}\n`;
}

/** The first lines a reader sees: what the customers lived through, then how the night went. */
function summary(ctx: Ctx, { at, plannedEnd, endAt }: Ends): string {
  const { state, tz } = ctx;
  const info = state.info;
  if (!info) return 'The record holds no cutover.';
  const { start, end } = info.window;
  const sameDay = dayKey(start, tz) === dayKey(end, tz);
  const lines: string[] = [];
  lines.push(`Customer impact: ${impactLine(ctx)}`);
  lines.push(`Outcome: ${outcome(ctx)}`);
  lines.push(
    sameDay
      ? `Window: ${clock(start, tz)}–${clock(end, tz)} on ${dateLabel(start, tz)} (${tz})`
      : `Window: ${clock(start, tz)} on ${dateLabel(start, tz)} to ${clock(end, tz)} on ${dateLabel(end, tz)} (${tz})`,
  );
  if (info.isRehearsal) lines.push('This was a rehearsal.');
  lines.push(state.startedAt === null ? 'T0: the cutover was never started' : `T0: ${when(ctx, state.startedAt)}`);
  lines.push(`Steps: ${stepCounts(ctx)}`);

  const ended = state.endedAt !== null;
  const late = Math.round((endAt - plannedEnd) / MIN);
  const lateness = late > 0 ? `${length(late * MIN)} later than planned` : late < 0 ? `${length(-late * MIN)} earlier than planned` : 'as planned';
  lines.push(
    ended
      ? `Planned end: ${when(ctx, plannedEnd)}; actual end: ${when(ctx, endAt)}, ${lateness}`
      : `Planned end: ${when(ctx, plannedEnd)}; projected end at the last record (${when(ctx, at)}): ${when(ctx, endAt)}, ${lateness}`,
  );
  const past = ctx.overrun;
  lines.push(
    past && past.ms > 0
      ? `${ended ? 'Ended' : 'Projected to end'} ${pastWindow(past)} past the window (which closed at ${when(ctx, end)})`
      : `${ended ? 'Ended' : 'Projected to end'} within the window (which closed at ${when(ctx, end)})`,
  );
  return lines.map((l) => `- ${l}`).join('\n');
}

/** The night's end, or its projected end at the last record, and the end planned as the night started. */
type Ends = { at: number; plannedEnd: number; endAt: number };
function endOf(state: CutoverState, events: readonly CutoverEvent[]): Ends {
  const at = lastMoment({ state, events }) ?? state.info?.window.start ?? 0;
  if (!state.info) return { at, plannedEnd: at, endAt: state.endedAt ?? at };
  // Planned as the night started: a step stretched mid-night, a step added or the way back a
  // ROLLBACK planned from its own moment does not move the planned end with it.
  const plannedEnd = projectSchedule(asStarted(state, events), at).plannedEnd;
  const endAt = state.endedAt ?? projectSchedule(state, at).projectedEnd;
  return { at, plannedEnd, endAt };
}

/**
 * "21 of 21 done; 1 step failed once, then done": failures that happened count, even when
 * the step was then done, skipped or reopened ("0 failed" about a step that failed once was wrong).
 */
function stepCounts(ctx: Ctx): string {
  const steps = ctx.pva.steps;
  const count = (s: string) => steps.filter((x) => x.status === s).length;
  const done = count('done');
  const skipped = count('skipped');
  const failed = count('failed');
  const open = steps.length - done - skipped - failed;
  const failures = new Map<string, number>();
  for (const e of ctx.events) if (e.type === 'step.failed') failures.set(e.payload.stepId, (failures.get(e.payload.stepId) ?? 0) + 1);
  const parts = [`${done} of ${steps.length} done`];
  if (skipped) parts.push(`${skipped} skipped`);
  if (failed) parts.push(`${failed} failed`);
  if (open) parts.push(`${open} not finished`);
  let text = parts.join(', ');
  // A step that failed and no longer reads failed was reopened: then done, skipped, or not finished yet.
  const since = (s: StepComparison) => (s.status === 'done' ? 'done' : s.status === 'skipped' ? 'skipped' : 'reopened');
  for (const then of ['done', 'skipped', 'reopened'] as const) {
    const recovered = steps.filter((s) => s.status !== 'failed' && failures.has(s.stepId) && since(s) === then);
    if (recovered.length === 1) {
      const n = failures.get(recovered[0]!.stepId) ?? 1;
      text += `; 1 step failed ${n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`}, then ${then}`;
    } else if (recovered.length > 1) text += `; ${plural(recovered.length, 'step')} failed at first, then ${then}`;
  }
  return text;
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

/** Action notes, for screens that offer to make an item of each. */
export const actionNotes = (events: readonly CutoverEvent[]) => timelineNotes(events).filter((n) => n.severity === 'action');

import { unmetDependencies } from './rails';
import type { CutoverEvent } from './events';
import type { CutoverState, StepState, TimelineNote } from './state';

/** The notes on the timeline, in the record's order, read from the events; `at` dated by delivery unless `asWritten`. */
export const timelineNotes = (events: readonly CutoverEvent[], asWritten = false): TimelineNote[] =>
  events.flatMap((e) =>
    e.type === 'note.added'
      ? [{ id: e.payload.noteId, at: (asWritten ? e.payload.writtenAt : undefined) ?? e.ts, by: e.actor, text: e.payload.text, severity: e.payload.severity }]
      : [],
  );

export const orderedSteps = (s: CutoverState): StepState[] =>
  s.phases.flatMap((p) => p.stepIds.map((id) => s.steps[id]).filter((x): x is StepState => x !== undefined));

export function progress(s: CutoverState): { done: number; total: number } {
  const steps = Object.values(s.steps);
  return { done: steps.filter((x) => x.status === 'done' || x.status === 'skipped').length, total: steps.length };
}

/** Pending steps whose dependencies are all done or skipped: what could start now. */
export const readySteps = (s: CutoverState): StepState[] => orderedSteps(s).filter((x) => x.status === 'pending' && unmetDependencies(s, x).length === 0);

/** "The step that is now": what is running, or else what is ready next. */
export function currentSteps(s: CutoverState): StepState[] {
  const running = orderedSteps(s).filter((x) => x.status === 'in_progress');
  return running.length ? running : readySteps(s).slice(0, 1);
}

// The recorded night, afterwards: planned against actual, the drafted postmortem and its
// HTML export, and plans and comparisons drawn from rehearsals.
export { plannedVsActual } from './plannedVsActual';
export type { OutageComparison, PhaseComparison, PlannedVsActual, StepComparison } from './plannedVsActual';
export { DEFAULT_OVERRUN_THRESHOLD_MIN, draftPostmortem, draftTimeline } from './draft';
export type { PostmortemInput, PostmortemOptions, TimelineLine } from './draft';
export { escapeHtml, markdownToHtml, postmortemHtml } from './html';
export { compareWithRehearsal, measuredMinutes, planFromRehearsal } from './rehearsal';
export type { RehearsalComparison } from './rehearsal';

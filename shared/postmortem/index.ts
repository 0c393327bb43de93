// The recorded night, afterwards: planned against actual, the drafted postmortem and its
// HTML export, and plans and comparisons drawn from rehearsals.
export { plannedVsActual } from './plannedVsActual';
export type { OutageComparison, PhaseComparison, PlannedVsActual, StepComparison } from './plannedVsActual';
export { DEFAULT_OVERRUN_THRESHOLD_MIN, draftPostmortem } from './draft';
export type { PostmortemInput, PostmortemOptions } from './draft';
export { draftTimeline } from './timeline';
export type { TimelineInput, TimelineLine } from './timeline';
export { analyseLag, CAUGHT_UP_FRACTION, mergeSamples } from './lag';
export type { Episode, LagReport, Reading, SeriesLag, SourceOutage } from './lag';
export { escapeHtml, markdownToHtml, postmortemHtml } from './html';
export { compareWithRehearsal, measuredMinutes, planFromRehearsal } from './rehearsal';
export type { RehearsalComparison } from './rehearsal';
export { PLACEHOLDER_MARK, placeholder, placeholdersLeft } from './placeholder';
export { escapeMarkdown } from './context';
export { actionNotes } from './draft';
export { planLiveFromRehearsal } from './rehearsal';
export type { RehearsalPlan, RehearsalPlanOptions } from './rehearsal';
export { drainAgainstPlan, forecastDrain, rehearsalDrainRates } from './drainPlan';
export type { DrainAgainstPlan, DrainForecast, DrainRates } from './drainPlan';

// The runbook side of the domain: reading durations, building plans from drafts, importing
// Markdown and YAML, the built-in template, and the checks the hub applies to any runbook.
export { formatDuration, parseDuration, MAX_DURATION_MIN } from './duration';
export type { DurationResult } from './duration';
export { buildRunbookPlan, formatRunbookError, KEY_PATTERN } from './plan';
export type { ImportResult, PhaseDraft, PlanResult, RunbookDraft, RunbookError, StepDraft } from './plan';
export { importMarkdownRunbook } from './markdown';
export { importYamlRunbook } from './yaml';
export { databaseCutoverTemplate, listTemplates, templateTitle, templateWindowMinutes } from './template';
export type { RunbookTemplate } from './template';
export { exampleChecksFor, exampleChecksSaid } from './exampleChecks';
export type { ExampleChecks } from './exampleChecks';
export { runbookProblem, stepsProblem } from './validate';
export * from './markdownExport';
export { formatOfFile, NewNightSchema, planFromSource, plannedMinutes, RunbookSourceSchema } from './newNight';
export type { NewNight, RunbookSource } from './newNight';

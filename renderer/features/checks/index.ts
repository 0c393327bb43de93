/*
 * Checks: the evidence the hub reads by itself, shown live where it acts (poll conditions,
 * verification steps) and listed with "Run now". Other features import it through this file only.
 */
export { checkLine } from './checksTimeline';
export { CheckStatus } from './CheckStatus';
export { StepChecks } from './StepChecks';
export { ChecksPanel } from './ChecksPanel';

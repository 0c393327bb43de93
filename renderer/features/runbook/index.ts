/*
 * The runbook panel, and the sentence said before anything starts ahead of the window.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { RunbookPanel } from './RunbookPanel';
export { windowNotOpen } from './useStepCommands';

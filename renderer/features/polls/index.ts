/*
 * Go/no-go: the approver's decision panel and the polls tab.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { AskedBar } from './AskedBar';
export { DecisionPanel } from './DecisionPanel';
export { PollsPanel } from './PollsPanel';

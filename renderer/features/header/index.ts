/*
 * The header, the now-line, and the point-of-no-return rules its warnings share with notifications.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { CutoverHeader } from './CutoverHeader';
export { PONR_WARNINGS_MIN, ponrCleared } from './headerView';
export { NowLine } from './NowLine';

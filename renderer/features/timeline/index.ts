/*
 * The timeline tab.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { TimelinePanel } from './TimelinePanel';

/*
 * The crew's public surface.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { CrewPanel } from './CrewPanel';

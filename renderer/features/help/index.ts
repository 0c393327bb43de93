/*
 * The keyboard help.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { HelpOverlay } from './HelpOverlay';

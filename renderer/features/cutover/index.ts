/*
 * The cutover screen, reached by its route.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { CutoverRoute } from './CutoverRoute';

/*
 * Reviewing a recorded night, reached by its route.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { ReviewRoute } from './ReviewRoute';

/*
 * Action items made during the night, from a note or a step (the review adds its own).
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { ActionItemDialog } from './ActionItemDialog';
export { MadeItems } from './MadeItems';
export { itemsFrom } from './actionForm';

/*
 * Setting up lag series: the list (in the lag panel) and the button that opens the dialog.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { SeriesList } from './SeriesList';
export { SeriesSetupButton } from './SeriesSetupButton';

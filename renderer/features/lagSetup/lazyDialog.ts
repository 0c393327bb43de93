import { lazyComponent } from '../../lib/lazyComponent';

/**
 * The series dialog's code (the sources' forms), loaded when it is first opened or the page is
 * idle: the button and the series list are on the first view, the dialog is not. Every opener
 * takes it from here; one static import of SeriesSetupDialog anywhere would put it back in
 * the entry's chunks, run at every page load.
 */
export const SeriesSetupDialog = lazyComponent(() => import('./SeriesSetupDialog').then((m) => m.SeriesSetupDialog));

/*
 * What other features may use of comms: the panel, the "compose an update" request, and how
 * comms events read on the timeline and who may send.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
import { lazyComponent } from '../../lib/lazyComponent';

export { commsLine, onTimeline, templateRemovedLine } from './commsTimeline';
export { senderStatus } from './commsView';
export { composeUpdate, useComposeRequest, type ComposeRequest } from './composeRequest';

// A side tab, not the first one shown: its code loads when it is opened.
export const CommsPanel = lazyComponent(() => import('./CommsPanel').then((m) => m.CommsPanel));

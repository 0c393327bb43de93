import type { Archives } from '../archives';
import { ReviewDrafts } from '../reviewDrafts';
import type { Register } from './handle';

/**
 * `archive:*`, `draft:*` and `postmortem:*`: a recorded night as a file, the postmortem being
 * edited kept beside it (only beside an archive opened through the dialog), and the PDF.
 */
export function registerArchiveIpc(register: Register, archives: Archives, drafts = new ReviewDrafts((path) => archives.wasOpened(path))): void {
  register('archive:export', (target) => archives.export(target));
  register('archive:open', () => archives.open());
  register('draft:load', (target) => drafts.load(target));
  register('draft:save', (request) => drafts.save(request));
  register('draft:discard', (target) => drafts.discard(target));
  register('postmortem:pdf', (request) => archives.pdf(request));
}

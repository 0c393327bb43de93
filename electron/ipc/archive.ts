import type { Archives } from '../archives';
import type { Register } from './handle';

/** `archive:*` and `postmortem:*`: a recorded night as a file, and its postmortem as a PDF. */
export function registerArchiveIpc(register: Register, archives: Archives): void {
  register('archive:export', (target) => archives.export(target));
  register('archive:open', () => archives.open());
  register('postmortem:pdf', (request) => archives.pdf(request));
}

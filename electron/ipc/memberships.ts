import { listTemplates } from '@shared/runbook';
import type { Memberships } from '../memberships';
import type { Register } from './handle';

/** `templates:*`, `cutovers:*` and `membership:*`: planning, joining and connecting to cutovers (memberships). */
export function registerMembershipIpc(register: Register, memberships: Memberships): void {
  register('templates:list', () => listTemplates().map(({ id, title, windowMinutes }) => ({ id, title, windowMinutes })));
  register('cutovers:create', (request) => memberships.create(request));
  register('membership:join', ({ link, replace }) => memberships.join(link, { replace }));
  register('membership:open', (target) => memberships.open(target));
  register('membership:ticket', (target) => memberships.ticket(target));
}

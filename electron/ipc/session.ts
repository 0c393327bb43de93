import { listTemplates } from '../../shared/runbook';
import type { Sessions } from '../sessions';
import type { Register } from './handle';

/** `templates:*`, `cutovers:*` and `session:*`: planning, joining and connecting to cutovers. */
export function registerSessionIpc(register: Register, sessions: Sessions): void {
  register('templates:list', () => listTemplates().map(({ id, title, windowMinutes }) => ({ id, title, windowMinutes })));
  register('cutovers:create', (request) => sessions.create(request));
  register('session:join', ({ link }) => sessions.join(link));
  register('session:open', (target) => sessions.open(target));
  register('session:ticket', (target) => sessions.ticket(target));
}

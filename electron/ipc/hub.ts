import type { Hosting } from '../hosting';
import type { Register } from './handle';

/** `hub:*`: the built-in hub, solo or hosting for the team, and invites to it. */
export function registerHubIpc(register: Register, hosting: Hosting): void {
  register('hub:status', () => hosting.status());
  register('hub:host', (listen) => hosting.host(listen));
  register('hub:solo', () => hosting.solo());
  register('hub:copyInvite', (request) => hosting.copyInvite(request));
}

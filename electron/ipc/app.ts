import type { AppInfo } from '@shared/ipc/contract';
import type { Register } from './handle';

/** `app:*` channels: facts about the running desktop app. */
export function registerAppIpc(register: Register, info: () => AppInfo): void {
  register('app:info', info);
}

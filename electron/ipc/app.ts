import { app } from 'electron';
import { handle } from './handle';

/** `app:*` channels: facts about the running desktop app. */
export function registerAppIpc(appUrl: string): void {
  handle('app:info', appUrl, () => ({ version: app.getVersion(), platform: process.platform }));
}

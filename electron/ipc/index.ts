import type { AppInfo } from '@shared/ipc/contract';
import { Archives, type DesktopFiles } from '../archives';
import type { Hosting } from '../hosting';
import type { SecretStore } from '../secrets';
import type { Memberships } from '../memberships';
import type { SettingsStore } from '../settings';
import { registerAppIpc } from './app';
import { registerArchiveIpc } from './archive';
import { registrar, type IpcMainLike } from './handle';
import { registerHubIpc } from './hub';
import { registerNotifyIpc, type NotificationClass } from './notify';
import { registerMembershipIpc } from './memberships';
import { registerSettingsIpc } from './settings';

export type Services = { settings: SettingsStore; secrets: SecretStore; memberships: Memberships; hosting: Hosting };
export type IpcPlatform = {
  ipcMain: IpcMainLike;
  appInfo: () => AppInfo;
  Notification: NotificationClass;
  warn?: (message: string) => void;
  /** Dialogs and PDF printing (desktopFiles.ts); without them the file channels say they cannot. */
  desktopFiles?: DesktopFiles;
};

/** Every channel of the IPC contract, each in its domain's module, all behind the same checks. */
export function registerIpc(appUrl: string, services: Services, platform: IpcPlatform): void {
  const register = registrar(platform.ipcMain, appUrl, platform.warn);
  registerAppIpc(register, platform.appInfo);
  registerSettingsIpc(register, services.settings, services.secrets);
  registerMembershipIpc(register, services.memberships);
  registerHubIpc(register, services.hosting);
  registerNotifyIpc(register, platform.Notification);
  registerArchiveIpc(
    register,
    new Archives({
      local: () => services.hosting.local(),
      secrets: services.secrets,
      fetch: globalThis.fetch,
      files: platform.desktopFiles ?? null,
      now: Date.now,
    }),
  );
}

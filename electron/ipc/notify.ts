import type { Register } from './handle';

/** Electron's `Notification` class, as far as it is used here. */
export type NotificationClass = {
  isSupported(): boolean;
  new (options: { title: string; body: string }): { show(): void };
};

/**
 * `notify:show`: a system notification from the main process (the page's own Notification
 * permission stays denied, see securityRules.ts). Where the system has none, nothing shows
 * and the renderer's in-app notice is all there is.
 */
export function registerNotifyIpc(register: Register, Notification: NotificationClass): void {
  register('notify:show', ({ title, body }) => {
    if (Notification.isSupported()) new Notification({ title, body }).show();
    return undefined;
  });
}

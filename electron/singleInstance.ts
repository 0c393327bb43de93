import { app, BrowserWindow } from 'electron';

/**
 * One Warroom per user: a second launch focuses the running window and quits.
 * Returns false in the second instance, which must then do nothing else.
 */
export function claimSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  return true;
}

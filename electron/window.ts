import { app, BrowserWindow } from 'electron';
import { preloadPath, rendererIndexPath } from './paths';
import { mainWindowOptions } from './windowOptions';

export { mainWindowOptions } from './windowOptions';

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath()));
  window.once('ready-to-show', () => window.show());
  window.loadFile(rendererIndexPath()).catch((error: unknown) => {
    console.error('Warroom: could not load the renderer (run `npm run build` first?)', error);
  });
  return window;
}

/** Opens the window once Electron is ready, and keeps the usual per-platform lifecycle. */
export function setupMainWindow(): void {
  app
    .whenReady()
    .then(createMainWindow)
    .catch((error: unknown) => console.error('Warroom: could not open the main window', error));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

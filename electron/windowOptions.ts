import type { BrowserWindowConstructorOptions } from 'electron';

/** Matches the dark theme's background so the window never flashes white. */
export const WINDOW_BACKGROUND = '#0f1216';

/**
 * The main window's options, pure so a Node test can check them without Electron.
 * Security settings are written out even where they equal Electron's defaults: a reader
 * sees them, and a changed default upstream cannot silently weaken the app.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: 'Warroom',
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  } satisfies BrowserWindowConstructorOptions;
}

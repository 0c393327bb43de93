import { app, BrowserWindow, screen } from 'electron';
import type { PushChannel, PushPayload } from '@shared/ipc/contract';
import { push } from './ipc/push';
import { preloadPath, rendererIndexPath } from './paths';
import type { LinkInbox } from './deepLinks';
import type { SettingsStore } from './settings';
import { capturedState, restoredBounds } from './windowState';
import { mainWindowOptions } from './windowOptions';

export { mainWindowOptions } from './windowOptions';

export type MainWindowDeps = {
  settings: Pick<SettingsStore, 'get' | 'saveWindowState'>;
  /** Join links waiting for the page (see deepLinks.ts). */
  inbox: LinkInbox;
};

let mainWindow: BrowserWindow | null = null;

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const options = mainWindowOptions(preloadPath());
  const saved = deps.settings.get().windowState;
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = restoredBounds(saved, workAreas, { width: options.width ?? 1280, height: options.height ?? 820 });
  const window = new BrowserWindow({ ...options, ...bounds });
  if (saved?.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  keepWindowState(window, deps.settings);

  // Links go to the page once it has loaded (the preload is in place by then), and again
  // after a reload; while it is away they wait in the inbox.
  const contents = window.webContents;
  contents.on('did-finish-load', () => deps.inbox.attach((link) => push(contents, 'join:link', { link })));
  contents.on('did-start-navigation', (details) => details.isMainFrame && !details.isSameDocument && deps.inbox.detach());
  window.on('closed', () => {
    deps.inbox.detach();
    if (mainWindow === window) mainWindow = null;
  });

  window.loadFile(rendererIndexPath()).catch((error: unknown) => {
    console.error('Warroom: could not load the renderer (run `npm run build` first?)', error);
  });
  mainWindow = window;
  return window;
}

/** Saves size, position and maximized state: a second after moving stops, and on close. */
function keepWindowState(window: BrowserWindow, settings: MainWindowDeps['settings']): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    const state = capturedState(window.getNormalBounds(), window.isMaximized());
    try {
      if (state) settings.saveWindowState(state);
    } catch (error) {
      console.error('Warroom: could not save the window position', error);
    }
  };
  const saveSoon = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
}

/** A push to the main window, if there is one (menu commands). */
export function pushToMainWindow<C extends PushChannel>(channel: C, payload: PushPayload<C>): void {
  if (mainWindow && !mainWindow.isDestroyed()) push(mainWindow.webContents, channel, payload);
}

/** Brings the window forward for a join link, opening it again if it was closed (macOS). */
export function revealMainWindow(deps: MainWindowDeps): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  } else if (app.isReady()) {
    createMainWindow(deps);
  }
}

/** Opens the window once Electron is ready, and keeps the usual per-platform lifecycle. */
export function setupMainWindow(deps: MainWindowDeps): void {
  app
    .whenReady()
    .then(() => createMainWindow(deps))
    .catch((error: unknown) => console.error('Warroom: could not open the main window', error));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(deps);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

import { app, ipcMain, Menu, Notification, shell } from 'electron';
import { electronDesktopFiles } from './desktopFiles';
import { setupEmbeddedHub } from './embeddedHub';
import { registerIpc } from './ipc';
import { setupMenu } from './menu';
import { logFile, rendererIndexUrl } from './paths';
import { LinkInbox, setupDeepLinks } from './deepLinks';
import { setupSecurityGuards } from './security';
import { createServices } from './services';
import { claimSingleInstance } from './singleInstance';
import { pushToMainWindow, revealMainWindow, setupMainWindow } from './window';

// The boot sequence. Each step lives in its own module; this file only says the order.
if (claimSingleInstance()) {
  const appUrl = rendererIndexUrl();
  const services = createServices();
  const inbox = new LinkInbox();
  const windowDeps = { settings: services.settings, inbox };
  setupDeepLinks(app, { argv: process.argv, defaultApp: process.defaultApp === true, execPath: process.execPath }, inbox, () => revealMainWindow(windowDeps));
  setupSecurityGuards(appUrl);
  registerIpc(appUrl, services, {
    ipcMain,
    Notification,
    desktopFiles: electronDesktopFiles(),
    appInfo: () => ({ version: app.getVersion(), platform: process.platform }),
  });
  setupEmbeddedHub(app, services.hosting);
  setupMenu(
    app,
    Menu,
    (command) => pushToMainWindow('menu:command', command),
    () => shell.showItemInFolder(logFile(app.getPath('userData'))),
  );
  setupMainWindow(windowDeps);
}

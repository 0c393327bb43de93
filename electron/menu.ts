import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '@shared/ipc/contract';

export type MenuOptions = {
  platform: NodeJS.Platform;
  /** `app.isPackaged`: the developer tools are not offered to users. */
  packaged: boolean;
  /** Carries a command to the window (as a `menu:command` push). */
  send: (command: MenuCommand) => void;
  /** Shows the desktop's log file in the file manager: what the embedded hub repaired or refused. */
  showLog?: () => void;
};

/**
 * The application menu, pure so a Node test reads it. Our own items only send a command to
 * the renderer, which carries it out; the rest are Electron's standard roles, which give
 * each platform its usual shortcuts (copy and paste in text fields rely on them on macOS).
 */
export function menuTemplate({ platform, packaged, send, showLog }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(cmd),
  });
  const developer: MenuItemConstructorOptions[] = packaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(mac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: '&File',
      submenu: [
        command('New cutover…', 'new-cutover', 'CmdOrCtrl+N'),
        command('Join with a link…', 'join', 'CmdOrCtrl+J'),
        command('Start screen', 'go-start', 'CmdOrCtrl+Shift+H'),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&Cutover',
      // Shown, not registered: the page takes the keys itself (CutoverScreen). The menu's
      // command reaches the page as a message, after any keystrokes already queued, which
      // would fall on the page's single-key shortcuts before the composer had the focus.
      submenu: [{ ...command('Add note', 'add-note', 'CmdOrCtrl+Shift+N'), registerAccelerator: false }],
    },
    {
      label: '&View',
      submenu: [
        command('Toggle light/dark theme', 'toggle-theme', 'CmdOrCtrl+Shift+L'),
        { type: 'separator' },
        ...developer,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [command('Warroom help', 'help', 'F1'), ...(showLog ? [{ label: 'Show the log file', click: showLog }] : [])],
    },
  ];
}

type MenuApp = { whenReady(): Promise<unknown>; readonly isPackaged: boolean };
type MenuApi = Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>;

/** Installs the menu once Electron is ready; `app` and `Menu` are Electron's, handed in. */
export function setupMenu(app: MenuApp, menu: MenuApi, send: MenuOptions['send'], showLog?: () => void): void {
  app
    .whenReady()
    .then(() =>
      menu.setApplicationMenu(
        menu.buildFromTemplate(menuTemplate({ platform: process.platform, packaged: app.isPackaged, send, ...(showLog ? { showLog } : {}) })),
      ),
    )
    .catch((error: unknown) => console.error('Warroom: could not set up the menu', error));
}

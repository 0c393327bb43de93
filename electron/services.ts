import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { app, clipboard, ipcMain, safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import { Hosting } from './hosting';
import { hubVaultKey } from './hubVaultKey';
import { startHub } from './hub/hub';
import type { Services } from './ipc';
import { logFile as logPath, rendererIndexPath } from './paths';
import { openLogFile } from './logFile';
import { SecretStore } from './secrets';
import { Memberships } from './memberships';
import { openSettings, SETTINGS_DEFAULTS } from './settings';

/**
 * The main process's services, built from Electron's real parts. Only wiring lives here;
 * what each service does is in its own module, tested in Node with these parts faked.
 */
export function createServices(): Services {
  const userData = app.getPath('userData');
  // What the embedded hub repaired or refused, where a person can read it (Help → Show the log).
  const logFile = openLogFile(logPath(userData), { echo: (line) => console.error(line) });
  const settings = openSettings({
    file: join(userData, 'settings.json'),
    open: () => {
      const store = new ElectronStore<Record<string, unknown>>({
        name: 'settings',
        defaults: SETTINGS_DEFAULTS,
        // Ciphertexts only, but still nobody else's to read.
        configFileMode: 0o600,
        // Secret keys contain dots (hub addresses); the whole object is written at once anyway.
        accessPropertiesByDotNotation: false,
      });
      // electron-store answers this synchronous channel for renderers that use it; ours do
      // not, and it would be the one IPC channel without a sender check.
      ipcMain.removeAllListeners('electron-store-get-data');
      return store;
    },
    now: Date.now,
    log: logFile.write,
  });
  const secrets = new SecretStore(safeStorage, settings, process.platform);
  const hosting = new Hosting({
    // The same data folder whichever address it listens on; web mode serves the built renderer.
    startHub: (listen) =>
      startHub({
        dataDir: join(userData, 'hub'),
        staticDir: dirname(rendererIndexPath()),
        secretsKey: hubVaultKey(secrets),
        log: (m) => logFile.write(`[hub] ${m}`),
        ...listen,
      }),
    networkInterfaces,
    clipboard,
    now: Date.now,
    log: (message) => logFile.write(`Warroom: ${message}`),
  });
  const memberships = new Memberships({ settings, secrets, local: () => hosting.local(), fetch: globalThis.fetch, now: Date.now });
  return { settings, secrets, hosting, memberships };
}

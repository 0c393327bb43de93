import { join } from 'node:path';
import { app } from 'electron';
import { startHub, type Hub } from './hub/hub';

let hub: Hub | null = null;

/** The hub the app was started with, once it is listening. */
export const embeddedHub = (): Hub | null => hub;

/**
 * The hub inside the desktop app: solo by default, on 127.0.0.1 only, with its journal in
 * the user's data folder. Hosting for the team (another address) is a user's choice.
 */
export function setupEmbeddedHub(): void {
  app
    .whenReady()
    .then(async () => {
      hub = await startHub({ dataDir: join(app.getPath('userData'), 'hub'), host: '127.0.0.1', port: 0 });
    })
    .catch((error: unknown) => console.error('Warroom: the embedded hub could not start', error));
  // Close the journals cleanly (a final snapshot) before the process goes.
  let closing = false;
  app.on('before-quit', (event) => {
    if (!hub || closing) return;
    closing = true;
    event.preventDefault();
    void hub.close().finally(() => {
      hub = null;
      app.quit();
    });
  });
}

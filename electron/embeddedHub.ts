import type { Hosting } from './hosting';

/** The part of Electron's `app` used here, so a Node test can drive the quit sequence. */
export type QuittingApp = {
  whenReady(): Promise<unknown>;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
};

/**
 * The hub inside the desktop app: solo on 127.0.0.1 once Electron is ready (hosting for the
 * team is the user's choice, through `hub:host`). On quit the journals are closed cleanly
 * (a final snapshot) before the process goes: the first quit waits for that, then quits again.
 */
export function setupEmbeddedHub(app: QuittingApp, hosting: Pick<Hosting, 'startSolo' | 'close'>, log: (message: string) => void = console.error): void {
  app
    .whenReady()
    .then(() => hosting.startSolo())
    .then((status) => status.error && log(`Warroom: ${status.error}`))
    .catch((error: unknown) => log(`Warroom: the embedded hub could not start: ${(error as Error).message}`));
  let closed = false;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    void hosting
      .close()
      .catch((error: unknown) => log(`Warroom: the embedded hub did not close cleanly: ${(error as Error).message}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

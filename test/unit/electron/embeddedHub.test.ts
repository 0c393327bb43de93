import { describe, expect, it } from 'vitest';
import type { HubStatus } from '@shared/ipc/contract';
import { setupEmbeddedHub, type QuittingApp } from '../../../electron/embeddedHub';

function fakeApp() {
  let beforeQuit: ((event: { preventDefault(): void }) => void) | null = null;
  const app = {
    quits: 0,
    whenReady: () => Promise.resolve(),
    on: (_event: 'before-quit', listener: (event: { preventDefault(): void }) => void) => {
      beforeQuit = listener;
    },
    quit: () => {
      app.quits++;
      app.tryQuit();
    },
    /** What Electron does on quit: emits before-quit, and quits unless it was prevented. */
    tryQuit: (): boolean => {
      let prevented = false;
      beforeQuit?.({ preventDefault: () => (prevented = true) });
      return !prevented;
    },
  } satisfies QuittingApp & Record<string, unknown>;
  return app;
}

describe('the embedded hub in the app’s life', () => {
  it('starts solo when Electron is ready, and closes the journals before the app quits', async () => {
    const app = fakeApp();
    const calls: string[] = [];
    let finishClose: () => void = () => undefined;
    const hosting = {
      startSolo: async (): Promise<HubStatus> => {
        calls.push('start');
        return { mode: 'solo', url: 'http://127.0.0.1:1', error: null };
      },
      close: () => new Promise<void>((resolve) => (finishClose = () => (calls.push('closed'), resolve()))),
    };
    setupEmbeddedHub(app, hosting, () => undefined);
    await Promise.resolve();
    expect(calls).toEqual(['start']);

    expect(app.tryQuit()).toBe(false); // held back while the journals close
    expect(app.tryQuit()).toBe(false); // a second Cmd+Q does not close twice
    finishClose();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(['start', 'closed']);
    expect(app.quits).toBe(1); // quit again, and this time it goes through
    expect(app.tryQuit()).toBe(true);
  });
});

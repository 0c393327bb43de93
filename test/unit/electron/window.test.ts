import { describe, expect, it } from 'vitest';
// windowOptions.ts imports only Electron's types, so this runs in plain Node.
import { mainWindowOptions } from '../../../electron/windowOptions';

const preload = '/opt/Warroom/resources/app.asar/dist/electron/preload.cjs';

describe('the main window options', () => {
  const options = mainWindowOptions(preload);
  const prefs = options.webPreferences ?? {};

  it('writes out every security setting, even where it equals the default', () => {
    expect(prefs).toHaveProperty('contextIsolation', true);
    expect(prefs).toHaveProperty('sandbox', true);
    expect(prefs).toHaveProperty('webSecurity', true);
    expect(prefs).toHaveProperty('nodeIntegration', false);
  });

  it('keeps Node out of workers and subframes and refuses insecure extras', () => {
    expect(prefs).toHaveProperty('nodeIntegrationInWorker', false);
    expect(prefs).toHaveProperty('nodeIntegrationInSubFrames', false);
    expect(prefs).toHaveProperty('allowRunningInsecureContent', false);
    expect(prefs).toHaveProperty('webviewTag', false);
    expect(prefs).toHaveProperty('experimentalFeatures', false);
  });

  it('loads the preload it is given', () => {
    expect(prefs.preload).toBe(preload);
  });

  it('stays hidden until the first paint, on the dark background, so it never flashes', () => {
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('returns a fresh object each time, so one window cannot weaken another', () => {
    const other = mainWindowOptions(preload);
    expect(other).not.toBe(options);
    expect(other.webPreferences).not.toBe(options.webPreferences);
  });
});

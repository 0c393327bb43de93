import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { browserAvailable, launchBrowser, WEB_ROOT, webBuildAvailable } from './browser';
import { startTestHub, type TestHub } from './hubHarness';

/**
 * A file of browser tests against a hub that serves the web build: one browser for the file,
 * and the hub a test starts with `webHub()`, stopped after it. `enabled` is false where there is
 * no Chromium or no build (skipped on a laptop; under CI that is a failure).
 */
export function browserAgainstHub(): { enabled: boolean; browser: () => Browser; webHub: () => Promise<TestHub> } {
  const enabled = browserAvailable() && webBuildAvailable();
  let browser: Browser | undefined;
  let hub: TestHub | undefined;
  beforeAll(async () => {
    if (enabled) browser = await launchBrowser();
  });
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });
  afterAll(async () => browser?.close());
  return {
    enabled,
    browser: () => {
      if (!browser) throw new Error('browserAgainstHub: no browser (the tests should have been skipped)');
      return browser;
    },
    webHub: async () => (hub = await startTestHub({ staticDir: WEB_ROOT })),
  };
}

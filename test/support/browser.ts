import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/**
 * Browser tests need Chromium. On a laptop without it they are skipped with a message;
 * under CI a missing browser is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs the Debian package "chromium"`);
  console.warn(`Skipping browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return false;
}

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export const WEB_ROOT = new URL('../../dist/renderer/', import.meta.url).pathname;

export function webBuildAvailable(): boolean {
  if (existsSync(`${WEB_ROOT}index.html`)) return true;
  if (process.env.CI === 'true') throw new Error('dist/renderer is missing: npm test builds it first');
  console.warn('Skipping browser tests: run `npm run build` first');
  return false;
}

/** Screenshots are kept as artifacts under test-results/screenshots/ to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = new URL('../../test-results/screenshots/', import.meta.url).pathname;
  await mkdir(dir, { recursive: true });
  const path = `${dir}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}

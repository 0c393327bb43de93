import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/*
 * Chromium 156 draws its own omnibox popup with a WebUI page, in a renderer of its own, for
 * every new window, and every fresh browser context is a new window. That renderer loaded some
 * 90 modules of Chrome's own and ran 932 ms on its main thread in a trace of one bench:ui
 * load, against 981 ms for the page itself: on two cores, Chrome's popup and the page took
 * turns. A person's browser makes it once per window, not once per page. Playwright gives
 * its own --disable-features, and Chromium keeps the last one given, so Playwright's list
 * (playwright-core's chromiumSwitches, 1.65) comes first here; a test says when an upgrade
 * of Playwright changes it (test/unit/architecture/browserFlags.test.ts).
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
/** Both: with either one left on, the popup's renderer still starts. */
const OMNIBOX_POPUP_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUP_FEATURES].join(',')}`,
];

/** The same, with Chromium's omnibox popup started with every window, as before (bench:ui --omnibox-popup). */
export const CHROMIUM_ARGS_WITH_POPUP = CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features='));

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

export const launchBrowser = (args: readonly string[] = CHROMIUM_ARGS): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM, args: [...args] });

/** The built web client; WARROOM_WEB_ROOT points a run at another build (`vite build --outDir`), e.g. one per checkout. */
export const WEB_ROOT = process.env.WARROOM_WEB_ROOT?.replace(/\/?$/, '/') ?? new URL('../../dist/renderer/', import.meta.url).pathname;

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

export type Viewport = { width: number; height: number };

/**
 * The people of one browser test: a fresh profile each, joined by their own link with their
 * own name, the page's errors logged under it. `closePeople` after each test, `close` after all.
 */
export function crewBrowser() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  return {
    async launch(): Promise<void> {
      browser = await launchBrowser();
    },
    /**
     * Opens `link` as `name` and waits for the cutover's title, `heading`. `beforeLoad` sets up
     * what must be in place before the page's first script runs (its clock, its socket's route).
     */
    async open(
      link: string,
      name: string,
      heading: string,
      viewport: Viewport = { width: 1440, height: 900 },
      beforeLoad?: (page: Page) => Promise<void>,
    ): Promise<Page> {
      if (!browser) throw new Error('crewBrowser: launch() first');
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[${name}] ${e.message}`));
      await page.addInitScript({ content: `localStorage.setItem('warroom.name', ${JSON.stringify(name)})` });
      await beforeLoad?.(page);
      await page.goto(link);
      await page.getByRole('heading', { name: heading }).waitFor();
      return page;
    },
    async closePeople(): Promise<void> {
      await Promise.all(contexts.splice(0).map((c) => c.close()));
    },
    async close(): Promise<void> {
      await browser?.close();
    },
  };
}

/** How many events this page's browser keeps for the night (renderer/connection/localNight.ts). */
export const keptEvents = (page: Page): Promise<number> =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const req = indexedDB.open('warroom-nights');
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains('events')) return resolve(0);
          const count = db.transaction('events').objectStore('events').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => resolve(0);
        };
        req.onerror = () => resolve(0);
      }),
  );

/** The page's link to the hub, which a test cuts and restores while the hub keeps running. */
export async function link(page: Page) {
  let isDown = false;
  const open = new Set<{ page: WebSocketRoute; hub: WebSocketRoute }>();
  await page.routeWebSocket(/\/ws\//, (ws) => {
    if (isDown) return void ws.close({ code: 1001, reason: 'link down' });
    const hub = ws.connectToServer();
    const pair = { page: ws, hub };
    open.add(pair);
    ws.onClose(() => open.delete(pair));
  });
  return {
    async down() {
      isDown = true;
      for (const p of [...open]) {
        await p.page.close({ code: 1001, reason: 'link down' }).catch(() => undefined);
        await p.hub.close().catch(() => undefined);
      }
      open.clear();
    },
    up() {
      isDown = false;
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bannerLine, type BannerView } from '@shared/comms';
import { browserAvailable, launchBrowser, screenshot } from '../support/browser';
import { live, startTestHub, type TestHub } from '../support/hubHarness';

/*
 * The banner on a customer's site never contradicts itself: it keeps clear of the site's own
 * header, writes its times in the zone the lead set for customers (named) whatever the
 * visitor's zone, adds no "expected to finish" to a backed-out night, and keeps the last word
 * up after the night ends.
 */

const enabled = browserAvailable();

let browser: Browser;
let t: TestHub;
const sites: Server[] = [];

/** A customer site with a header of its own at the top, and maybe a slot named for the banner. */
function customerSite(hubUrl: string, cutoverId: string, target?: string): Promise<string> {
  const attrs = target ? ` data-target="${target}"` : '';
  const page = `<!doctype html><html><head><title>Alarm platform</title></head><body style="margin:0">
<header id="site-header" style="height:56px;display:flex;align-items:center;gap:16px;padding:0 16px;background:#eee"><strong>Alarm platform</strong><a id="login" href="/login">Log in</a></header>
<main><div id="slot"></div><p>Welcome.</p></main>
<script src="${hubUrl}/banner.js" data-cutover="${cutoverId}" data-interval="1"${attrs} async></script></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  sites.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
}

const bannerJson = async (): Promise<BannerView> => (await (await fetch(`${t.hub.url}/banner/${t.cutoverId}.json`)).json()) as BannerView;
const barText = (page: Page) => page.locator('[data-warroom-banner]').textContent();

beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of sites) s.close();
  await t?.stop();
});

describe.skipIf(!enabled)('the hosted banner never contradicts itself', () => {
  it('keeps clear of the site’s header, speaks one zone, names it, and keeps the last word up', { timeout: 60_000 }, async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('comms.configure', { config: { banner: { timeZone: 'Europe/London' } } }).done;
    // A visitor on the other side of the world: the banner must not switch to their clock.
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1000, height: 600 } });
    const page = await context.newPage();
    const slotted = await context.newPage();
    const errors: string[] = [];
    for (const p of [page, slotted]) p.on('pageerror', (e) => errors.push(e.message));
    await page.goto(await customerSite(t.hub.url, t.cutoverId));
    await slotted.goto(await customerSite(t.hub.url, t.cutoverId, '#slot'));

    const text = 'Scheduled maintenance is under way: alarms may arrive late.';
    await lead.send('message.send', { text: 'Window started', bannerText: text, state: 'in_progress', destinations: ['banner'] }).done;
    await page.locator('[data-warroom-banner]').waitFor({ timeout: 5000 });
    const json = await bannerJson();
    expect(json.etaText).toMatch(/^\d\d:\d\d (BST|GMT)$/);
    // The finish time is counted from now: a minute may turn between the page's fetch and this one.
    await expect.poll(async () => (await barText(page)) === bannerLine(await bannerJson())).toBe(true);

    // The page is pushed down: the site's header and its login link are not under the bar.
    const bar = (await page.locator('[data-warroom-banner]').boundingBox())!;
    const header = (await page.locator('#site-header').boundingBox())!;
    expect(header.y).toBeGreaterThanOrEqual(bar.y + bar.height - 0.5);
    const onLogin = await page.evaluate(() => {
      const r = document.getElementById('login')!.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.id;
    });
    expect(onLogin).toBe('login');
    await screenshot(page, 'banner-pushes-page-down');
    // A site that names a slot gets the banner there.
    await slotted.locator('#slot [data-warroom-banner]').waitFor({ timeout: 5000 });

    const backedOut = 'Tonight’s change has been backed out and services continue on the existing platform. We will share a new date.';
    await lead.send('message.send', { text: 'Rolled back', bannerText: backedOut, state: 'rolled_back', destinations: ['banner'] }).done;
    await expect.poll(() => barText(page), { timeout: 5000 }).toBe(backedOut);

    await lead.send('cutover.finish', { outcome: 'rolled_back', reason: 'replica lag', early: true }).done;
    const ended = await bannerJson();
    expect(ended).toMatchObject({ active: true, text: backedOut, eta: null, etaText: null });
    expect(ended.until! - lead.state.endedAt!).toBe(24 * 60 * 60_000);
    await page.waitForTimeout(2500);
    expect(await barText(page)).toBe(backedOut);
    expect(errors).toEqual([]);
    await context.close();
  });
});

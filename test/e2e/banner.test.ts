import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser, screenshot } from '../support/browser';
import { live, startTestHub, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable();

let browser: Browser;
let t: TestHub;
let site: Server;

/** A customer's own site, on another origin than the hub, embedding the hosted banner. */
function customerSite(hubUrl: string, cutoverId: string): Promise<Server> {
  const page = `<!doctype html><html><head><title>Alarm platform</title></head><body><h1>Alarm platform</h1>
<script src="${hubUrl}/banner.js" data-cutover="${cutoverId}" data-interval="1" async></script></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  if (!enabled) return;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  site?.close();
  await t?.stop();
});

describe.skipIf(!enabled)('the hosted banner on a customer site', () => {
  it(
    'shows a new update within 5 s of the send, and disappears when the cutover completes if the lead keeps it up no longer',
    { timeout: 60_000 },
    async () => {
      t = await startTestHub();
      const lead = t.client('lead', 'Lena');
      await live(lead);
      site = await customerSite(t.hub.url, t.cutoverId);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      const banner = page.locator('[data-warroom-banner]');
      await page.waitForTimeout(1500);
      expect(await banner.count()).toBe(0); // nothing to say yet

      await lead.send('cutover.start', {}).done;
      const text = 'Scheduled maintenance in progress: alarm processing is paused for up to 30 minutes. Events are queued, not lost.';
      const sentAt = Date.now();
      await lead.send('message.send', { text: 'Processing paused', bannerText: text, state: 'in_progress', destinations: ['banner'] }).done;
      await banner.waitFor({ timeout: 5000 });
      expect(Date.now() - sentAt).toBeLessThan(5000);
      expect(await banner.textContent()).toContain(text);
      expect(await banner.getAttribute('role')).toBe('status');
      await screenshot(page, 'banner-customer-site');

      // An update replaces the text; HTML in it stays text.
      await lead.send('message.send', { text: 'Done', bannerText: 'Maintenance complete <b>thanks</b>', state: 'completed', destinations: ['banner'] }).done;
      await page.waitForFunction(
        () => document.querySelector('[data-warroom-banner]')?.textContent?.startsWith('Maintenance complete <b>thanks</b>'),
        undefined,
        { timeout: 5000 },
      );
      expect(await page.locator('[data-warroom-banner] b').count()).toBe(0);

      // The lead chose to take the last banner down as the night ends (the default keeps it a day: see below).
      await lead.send('comms.configure', { config: { banner: { keepAfterEndMin: 0 } } }).done;
      // The steps are not done: ending the night now is early, said so (the rails of shared/cutover/rails.ts).
      await lead.send('cutover.finish', { outcome: 'completed', early: true, reason: 'the banner is what this night is about' }).done;
      await banner.waitFor({ state: 'detached', timeout: 5000 });
      expect(errors).toEqual([]);
    },
  );

  it('answers politely: CORS for any origin, ETags and short caching', async () => {
    const res = await fetch(`${t.hub.url}/banner/${t.cutoverId}.json`, { headers: { origin: 'https://status.example.com' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5');
    const etag = res.headers.get('etag')!;
    expect(await res.json()).toEqual({
      active: false,
      state: 'completed',
      text: '',
      eta: null,
      etaText: null,
      timeZone: 'Europe/London',
      updatedAt: expect.any(Number),
      until: expect.any(Number),
    });
    const again = await fetch(`${t.hub.url}/banner/${t.cutoverId}.json`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const unknown = await fetch(`${t.hub.url}/banner/c-nosuchthing.json`);
    expect(await unknown.json()).toEqual({ active: false, state: null, text: '', eta: null, etaText: null, timeZone: null, updatedAt: null, until: null });
    const script = await fetch(`${t.hub.url}/banner.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '../../shared/protocol';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();

let browser: Browser;
let t: TestHub;

beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function push(samples: { series: string; value: number; t: number }[]): Promise<void> {
  const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ samples }),
  });
  expect(res.status).toBe(200);
}

const points = async (page: Page) => Number(await page.getByTestId('lag-chart-alarm-queue').getAttribute('data-points'));

describe.skipIf(!enabled)('lag charts in a browser against a real hub', () => {
  it('draws the history, then live points, a threshold band and the step that turned the backlog', { timeout: 60_000 }, async () => {
    const now = Date.now();
    t = await startTestHub({ staticDir: WEB_ROOT }, undefined, now - 30 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('series.define', { series: { id: 'alarm-queue', name: 'Alarm queue', warning: 4000, critical: 8000, source: { kind: 'push' } } }).done;
    // Twenty minutes of a backlog building at one reading every 10 s, then processing restarts.
    const start = now - 20 * 60_000;
    await push(Array.from({ length: 100 }, (_, i) => ({ series: 'alarm-queue', value: i * 60, t: start + i * 10_000 })));
    await lead.send('step.start', { stepId: 'a' }).done;

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(() => localStorage.setItem('warroom.name', 'Olga'));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.observer }));
    await page.getByTestId('lag-chart-alarm-queue').waitFor();
    await expect.poll(() => points(page)).toBe(100);
    expect(await page.getByTestId('lag-value-alarm-queue').textContent()).toContain('5,940');
    expect(await page.getByTestId('lag-band-warning').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('lag-band-critical').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('lag-annotation').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Stop event processing')]));

    // Live: points pushed now arrive without a reload.
    await push([{ series: 'alarm-queue', value: 6100, t: Date.now() - 1000 }, { series: 'alarm-queue', value: 6200, t: Date.now() }]);
    await expect.poll(() => points(page), { timeout: 5000 }).toBe(102);
    await expect.poll(() => page.getByTestId('lag-value-alarm-queue').textContent()).toContain('6,200');
    expect(await page.getByTestId('hdr-lag').textContent()).toContain('6,200');
    await screenshot(page, 'lag-charts');
    expect(errors).toEqual([]);
    await context.close();
  });
});

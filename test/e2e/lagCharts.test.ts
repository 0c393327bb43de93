import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
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
    // The panel is folded to a line per series until someone opens it.
    await page.getByTestId('lag-series-alarm-queue').waitFor();
    await page.getByRole('button', { name: /^Lag/ }).click();
    await page.getByTestId('lag-chart-alarm-queue').waitFor();
    await expect.poll(() => points(page)).toBe(100);
    expect(await page.getByTestId('lag-value-alarm-queue').textContent()).toContain('5,940');
    expect(await page.getByTestId('lag-band-warning').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('lag-band-critical').count()).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('lag-annotation').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Stop event processing')]));

    // Live: points pushed now arrive without a reload.
    await push([
      { series: 'alarm-queue', value: 6100, t: Date.now() - 1000 },
      { series: 'alarm-queue', value: 6200, t: Date.now() },
    ]);
    await expect.poll(() => points(page), { timeout: 5000 }).toBe(102);
    await expect.poll(() => page.getByTestId('lag-value-alarm-queue').textContent()).toContain('6,200');
    expect(await page.getByTestId('hdr-lag').textContent()).toContain('6,200');

    // The line itself: a path through the 102 readings, rising left to right, lifted over the
    // 3.5 minutes without readings, and ending at now, by the plot's right edge (the axis
    // steps by 2 minutes in the hour's range, so now is at most that short of the edge).
    const chart = page.getByTestId('lag-chart-alarm-queue');
    // SVG boxes are read field by field: an SVGRect does not survive the trip out of the page.
    const line = await chart.locator('path.lag-line').evaluate((p: SVGPathElement) => {
      const b = p.getBBox();
      return { d: p.getAttribute('d') ?? '', box: { x: b.x, y: b.y, width: b.width, height: b.height } };
    });
    const coords = [...line.d.matchAll(/([ML])([\d.]+),([\d.]+)/g)].map((m) => ({ pen: m[1], x: Number(m[2]), y: Number(m[3]) }));
    expect(coords).toHaveLength(102);
    expect(coords.filter((c) => c.pen === 'M')).toHaveLength(2);
    expect(coords[101]!.y).toBeLessThan(coords[0]!.y);
    const plot = await chart.locator('.recharts-cartesian-grid').evaluate((g: SVGGElement) => {
      const b = g.getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    });
    expect(plot.x + plot.width - (line.box.x + line.box.width)).toBeLessThan(plot.width * (2 / 60) + 2);

    // Hovering the line shows the time and the reading there.
    const svg = (await chart.locator('svg.recharts-surface').boundingBox())!;
    await page.mouse.move(svg.x + line.box.x + line.box.width * 0.5, svg.y + plot.y + plot.height / 2);
    await expect.poll(() => page.locator('.lag-tooltip').isVisible()).toBe(true);
    expect(await page.locator('.lag-tooltip__value').textContent()).toMatch(/^[\d,]+$/);
    // Before the first reading the chart names none.
    await page.mouse.move(svg.x + plot.x + 5, svg.y + plot.y + plot.height / 2);
    await expect.poll(() => page.locator('.lag-tooltip__value').textContent()).toBe('\u2014');
    await page.mouse.move(0, 0);

    // Zoom from the keyboard: the brush's start handle moved right shows the last quarter hour
    // or so (the hour's range is about 62 min over 200 slots), so fewer readings are drawn.
    const handle = chart.getByRole('slider').first();
    await handle.focus();
    for (let i = 0; i < 150; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.lag-group__zoom').textContent()).toMatch(/^Zoomed to \d\d:\d\d–now/);
    const zoomed = await points(page);
    expect(zoomed).toBeGreaterThan(2);
    expect(zoomed).toBeLessThan(102);
    await page.getByRole('button', { name: 'Show the whole range' }).click();
    await expect.poll(() => points(page)).toBe(102);
    expect(await page.locator('.lag-group__zoom').count()).toBe(0);

    await screenshot(page, 'lag-charts');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says in the header when the series it shows has not been read lately, with the time of its last reading', { timeout: 60_000 }, async () => {
    const now = Date.now();
    const hub = await startTestHub({ staticDir: WEB_ROOT }, undefined, now - 40 * 60_000);
    try {
      const lead = hub.client('lead', 'Lena');
      await live(lead);
      await lead.send('cutover.start', {}).done;
      await lead.send('series.define', {
        series: { id: 'replica-lag', name: 'Replica lag', unit: 'seconds', warning: 30, critical: 120, source: { kind: 'push' } },
      }).done;
      // Ten minutes of 0 s, then the script pushing them died ten minutes ago.
      const last = now - 10 * 60_000;
      const res = await fetch(`${hub.hub.url}/api/cutovers/${hub.cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hub.tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ samples: Array.from({ length: 11 }, (_, i) => ({ series: 'replica-lag', value: 0, t: last - (10 - i) * 60_000 })) }),
      });
      expect(res.status).toBe(200);

      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => localStorage.setItem('warroom.name', 'Olga'));
      await page.goto(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.observer }));
      const chip = page.getByTestId('hdr-lag');
      const at = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' }).format(last);
      await expect.poll(() => chip.textContent()).toContain(`0 s · not read since ${at}`);
      expect(await chip.getAttribute('data-live')).toBe('no');
      await screenshot(page, 'lag-header-not-read');
      await context.close();
    } finally {
      await hub.stop();
    }
  });
});

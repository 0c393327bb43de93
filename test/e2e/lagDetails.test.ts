import type { Browser } from 'playwright-core';
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

// 120 characters, the most a series name may have: every word of it is kept.
const LONG_NAME = 'Alarm queue on the EU ingest cluster, partitions 0 to 63, counted by the consumer group of the notification fan-out, v22';

describe.skipIf(!enabled)('a lag series in the browser: its name and its tooltip', () => {
  it('keeps the whole name (cut only on screen, with a tooltip) and drops the tooltip when the pointer leaves', { timeout: 60_000 }, async () => {
    expect(LONG_NAME).toHaveLength(120);
    const now = Date.now();
    t = await startTestHub({ staticDir: WEB_ROOT }, undefined, now - 30 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('series.define', { series: { id: 'alarm-queue', name: LONG_NAME, source: { kind: 'push' } } }).done;
    const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples: Array.from({ length: 60 }, (_, i) => ({ series: 'alarm-queue', value: i * 50, t: now - 10 * 60_000 + i * 10_000 })) }),
    });
    expect(res.status).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('warroom.name', 'Lena'));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await page.getByRole('button', { name: /^Lag/ }).click();
    const chart = page.getByTestId('lag-chart-alarm-queue');
    await chart.waitFor();

    // The name: whole in the page and its tooltip, cut with an ellipsis on screen only.
    const name = page.getByTestId('lag-series-alarm-queue').locator('.lag-series__name');
    expect(await name.getAttribute('title')).toBe(LONG_NAME);
    expect(await name.textContent()).toBe(LONG_NAME);
    const cut = await name.locator('.lag-series__label').evaluate((el) => ({
      overflowing: el.scrollWidth > el.clientWidth,
      ellipsis: getComputedStyle(el).textOverflow,
      lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
    }));
    expect(cut).toEqual({ overflowing: true, ellipsis: 'ellipsis', lines: 1 });
    await screenshot(page, 'lag-long-name');

    // The tooltip follows the pointer over the plot and goes when it leaves, whichever way it leaves.
    const plot = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
    const tooltip = page.locator('.lag-tooltip');
    for (const [away, where] of [
      [{ x: plot.x + plot.width / 2, y: plot.y - 60 }, 'up, over the series line'],
      [{ x: 5, y: plot.y + plot.height / 2 }, 'out to the left'],
      [{ x: plot.x + plot.width / 2, y: plot.y + plot.height + 80 }, 'down, past the zoom bar'],
      [{ x: plot.x - 20, y: plot.y + plot.height / 2 }, 'onto the value axis'],
      [{ x: plot.x + plot.width / 2, y: plot.y + plot.height + 12 }, 'onto the time axis'],
      [{ x: plot.x + plot.width / 2, y: plot.y + plot.height + 30 }, 'onto the zoom bar'],
      [{ x: plot.x + plot.width + 10, y: plot.y + plot.height / 2 }, 'out to the right'],
    ] as const) {
      await page.mouse.move(plot.x + plot.width * 0.7, plot.y + plot.height / 2, { steps: 4 });
      await expect.poll(() => tooltip.isVisible(), { message: `tooltip before leaving ${where}` }).toBe(true);
      await page.mouse.move(away.x, away.y);
      await expect.poll(() => tooltip.isVisible(), { message: `tooltip after leaving ${where}` }).toBe(false);
    }
    // A flick: the last move inside and the leave come within one frame (recharts handled moves on
    // the next frame, after the leave, and brought the tooltip back for good).
    for (let i = 0; i < 5; i++) {
      await page.mouse.move(plot.x + plot.width * 0.6, plot.y + plot.height / 2);
      await expect.poll(() => tooltip.isVisible(), { message: 'tooltip before the flick' }).toBe(true);
      await Promise.all([page.mouse.move(plot.x + plot.width * 0.65, plot.y + plot.height / 2), page.mouse.move(5, 5)]);
      await expect.poll(() => tooltip.isVisible(), { message: `tooltip after flick ${i + 1}` }).toBe(false);
    }

    // The series dialog keeps whatever is typed and says what is wrong, instead of cutting it.
    await page.getByRole('button', { name: 'Add lag series…' }).click();
    const field = page.getByTestId('series-name');
    await field.fill(`${LONG_NAME} (EU)`);
    expect(await field.inputValue()).toBe(`${LONG_NAME} (EU)`);
    await page.getByRole('button', { name: 'Add series' }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('The name is too long (at most 120 characters)');
    await context.close();
  });
});

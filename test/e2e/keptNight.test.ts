import { describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { keptEvents } from '../support/browser';
import { browserAgainstHub } from '../support/browserAgainstHub';
import { live } from '../support/hubHarness';

/*
 * The night a browser keeps for a reload with no hub (renderer/connection/localNight.ts) is
 * written in idle time. What arrives meanwhile (a step's change) waits for the slice being
 * written, so a slice ends with the idle period it runs in, or sooner: after a few milliseconds.
 */

const { enabled, browser, webHub } = browserAgainstHub();

/**
 * Every idle callback the page asks for is handed a deadline with no time left, as on a page
 * that is never idle for long; the puts into the kept events are counted per callback.
 */
const TIGHT_IDLE = `(() => {
  localStorage.setItem('warroom.name', 'Lena');
  const slices = [];
  window.__slices = slices;
  const ask = window.requestIdleCallback.bind(window);
  window.requestIdleCallback = (fn, opts) => ask(() => { slices.push(0); fn({ didTimeout: false, timeRemaining: () => 0 }); }, opts);
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name === 'events' && slices.length > 0) slices[slices.length - 1]++;
    return put.apply(this, args);
  };
})();`;

/**
 * The other way round: every idle moment has 50 ms left for good, and each put into the kept
 * events takes a millisecond at least (a slow machine), so a slice can only end on its budget.
 */
const ROOMY_IDLE_SLOW_PUTS = `(() => {
  localStorage.setItem('warroom.name', 'Lena');
  const slices = [];
  window.__slices = slices;
  const ask = window.requestIdleCallback.bind(window);
  window.requestIdleCallback = (fn, opts) => ask(() => { slices.push(0); fn({ didTimeout: false, timeRemaining: () => 50 }); }, opts);
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name === 'events' && slices.length > 0) {
      slices[slices.length - 1]++;
      const until = performance.now() + 1;
      while (performance.now() < until);
    }
    return put.apply(this, args);
  };
})();`;

describe.skipIf(!enabled)('the night kept on this browser', () => {
  it('is written in slices that end with the idle moment they run in, and still all of it', { timeout: 60_000 }, async () => {
    const t = await webHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    // A night of a thousand notes: forty slices at the least, four at the most before.
    for (let from = 0; from < 1000; from += 250)
      await Promise.all(Array.from({ length: 250 }, (_, i) => lead.send('note.add', { text: `Note ${from + i + 1}`, severity: 'info' }).done));
    const head = lead.state.seq;

    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: TIGHT_IDLE });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(e.message));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await page.getByText('Note 1000', { exact: true }).waitFor();

    await expect.poll(() => keptEvents(page), { timeout: 30_000 }).toBe(head);
    const slices = (await page.evaluate(() => (window as unknown as { __slices: number[] }).__slices)).filter((n) => n > 0);
    // 25 a slice when the idle moment has no time left (SLICE_MIN), however many are still to write.
    expect(Math.max(...slices)).toBe(25);
    expect(slices.length).toBeGreaterThanOrEqual(Math.ceil(head / 25));
    expect(slices.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(head);
  });

  it('is written in slices of a few milliseconds, however long the idle moment, and still all of it', { timeout: 60_000 }, async () => {
    const t = await webHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await Promise.all(Array.from({ length: 300 }, (_, i) => lead.send('note.add', { text: `Note ${i + 1}`, severity: 'info' }).done));
    const head = lead.state.seq;

    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: ROOMY_IDLE_SLOW_PUTS });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(e.message));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await page.getByText('Note 300', { exact: true }).waitFor();

    await expect.poll(() => keptEvents(page), { timeout: 30_000 }).toBe(head);
    const slices = (await page.evaluate(() => (window as unknown as { __slices: number[] }).__slices)).filter((n) => n > 0);
    // Each put took a millisecond, so the 4 ms were gone by SLICE_MIN (25): a slice that ran on
    // to the end of the idle moment wrote 250 (SLICE_MAX), a quarter of a second.
    expect(Math.max(...slices)).toBe(25);
    expect(slices.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(head);
  });
});

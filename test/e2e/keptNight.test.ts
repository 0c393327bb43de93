import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CutoverEvent } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { startHub } from '../../electron/hub/hub';
import { keptEvents, WEB_ROOT } from '../support/browser';
import { browserAgainstHub } from '../support/browserAgainstHub';
import { live } from '../support/hubHarness';

/*
 * The night a browser keeps for a reload with no hub (renderer/connection/localNight.ts) is
 * written in idle time. What arrives meanwhile (a step's change) waits for the slice being
 * written, so a slice ends with the idle period it runs in, or sooner: after a few milliseconds.
 */

const { enabled, browser, webHub } = browserAgainstHub();

/**
 * An init script: every idle callback the page asks for is handed a deadline with `remaining`
 * ms left for good, each put into the kept events takes `putMs` at least, and those puts are
 * counted per callback (`window.__slices`).
 */
const idleAndPuts = (remaining: number, putMs: number) => `(() => {
  localStorage.setItem('warroom.name', 'Lena');
  const slices = [];
  window.__slices = slices;
  const ask = window.requestIdleCallback.bind(window);
  window.requestIdleCallback = (fn, opts) => ask(() => { slices.push(0); fn({ didTimeout: false, timeRemaining: () => ${remaining} }); }, opts);
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name === 'events' && slices.length > 0) {
      slices[slices.length - 1]++;
      const until = performance.now() + ${putMs};
      while (performance.now() < until);
    }
    return put.apply(this, args);
  };
})();`;

/** A night of `notes` notes, opened in a page that runs `script`: once its copy is whole, how many events it holds and the puts of each slice. */
async function keptInSlices(notes: number, script: string): Promise<{ head: number; slices: number[] }> {
  const t = await webHub();
  const lead = t.client('lead', 'Lena');
  await live(lead);
  for (let from = 0; from < notes; from += 250)
    await Promise.all(
      Array.from({ length: Math.min(250, notes - from) }, (_, i) => lead.send('note.add', { text: `Note ${from + i + 1}`, severity: 'info' }).done),
    );
  const head = lead.state.seq;

  const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: script });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(e.message));
  await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
  await page.getByText(`Note ${notes}`, { exact: true }).waitFor();

  await expect.poll(() => keptEvents(page), { timeout: 30_000 }).toBe(head);
  const slices = (await page.evaluate(() => (window as unknown as { __slices: number[] }).__slices)).filter((n) => n > 0);
  return { head, slices };
}

describe.skipIf(!enabled)('the night kept on this browser', () => {
  it('is written in slices that end with the idle moment they run in, and still all of it', { timeout: 60_000 }, async () => {
    // No time left in any idle moment, as on a page that is never idle for long. A night of a
    // thousand notes: forty slices at the least, four at the most before.
    const { head, slices } = await keptInSlices(1000, idleAndPuts(0, 0));
    // 25 a slice when the idle moment has no time left (SLICE_MIN), however many are still to write.
    expect(Math.max(...slices)).toBe(25);
    expect(slices.length).toBeGreaterThanOrEqual(Math.ceil(head / 25));
    expect(slices.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(head);
  });

  it('is written in slices of a few milliseconds, however long the idle moment, and still all of it', { timeout: 60_000 }, async () => {
    // The other way round: 50 ms left in every idle moment for good, and each put taking a
    // millisecond at least (a slow machine), so a slice can only end on its budget.
    const { head, slices } = await keptInSlices(300, idleAndPuts(50, 1));
    // Each put took a millisecond, so the 4 ms were gone by SLICE_MIN (25): a slice that ran on
    // to the end of the idle moment wrote 250 (SLICE_MAX), a quarter of a second.
    expect(Math.max(...slices)).toBe(25);
    expect(slices.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(head);
  });
});

/** The kept copy's events as `seq type`, in seq order. */
const keptTypes = (page: Page): Promise<string[]> =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const req = indexedDB.open('warroom-nights');
        req.onsuccess = () => {
          const all = req.result.transaction('events').objectStore('events').getAll();
          all.onsuccess = () =>
            resolve((all.result as Array<{ seq: number; event: { type: string } }>).sort((a, b) => a.seq - b.seq).map((r) => `${r.seq} ${r.event.type}`));
        };
      }),
  );

describe.skipIf(!enabled)('the night kept on this browser, when the hub’s history went back', () => {
  it('follows the hub’s history, even once it has grown past what was kept', { timeout: 60_000 }, async () => {
    const t = await webHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const folder = join(t.dir, 'cutovers', t.cutoverId);
    await copyFile(join(folder, 'journal.jsonl'), join(t.dir, 'backup.jsonl'));

    const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: "localStorage.setItem('warroom.name', 'Omar');" });
    const page = await context.newPage();
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.operator }));
    await lead.send('step.start', { stepId: 'a' }).done;
    await lead.send('step.complete', { stepId: 'a' }).done;
    await page.locator('[data-step-id="a"][data-status="done"]').waitFor();
    await expect.poll(() => keptEvents(page), { timeout: 20_000 }).toBe(lead.state.seq);

    // The folder is restored from the backup, and the night grows past where it was.
    const kept = lead.state.seq;
    const port = t.hub.port;
    await t.hub.close();
    await copyFile(join(t.dir, 'backup.jsonl'), join(folder, 'journal.jsonl'));
    await rm(join(folder, 'snapshot.json'), { force: true });
    t.hub = await startHub({ dataDir: t.dir, port, staticDir: WEB_ROOT, log: () => undefined });
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    const writer = t.client('approver', 'Ana');
    await live(writer);
    while (runtime.durableSeq <= kept + 1) await writer.send('note.add', { text: `Copy at ${runtime.durableSeq} GB`, severity: 'info' }).done;

    await page.locator('[data-step-id="a"][data-status="pending"]').waitFor({ timeout: 20_000 });
    const hub = runtime.rawsAfter(0).map((r) => JSON.parse(r) as CutoverEvent);
    await expect.poll(() => keptTypes(page), { timeout: 20_000 }).toEqual(hub.map((e) => `${e.seq} ${e.type}`));
    await context.close();
  });
});

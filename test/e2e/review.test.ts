import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../electron/hub/transport/staticFiles';
import { listTemplates } from '@shared/runbook';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, tempDir, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();
const WINDOW_START = Date.UTC(2026, 3, 29, 18, 0); // 19:00 in London, seed 000's night

let browser: Browser;
let t: TestHub;
let web: Server;

beforeAll(async () => {
  if (!enabled) return;
  browser = await launchBrowser();
  // A plain file server: the review needs the page, never a hub.
  web = createServer((req, res) => void serveStatic(WEB_ROOT, new URL(req.url ?? '/', 'http://x').pathname, res).then((ok) => ok || res.writeHead(404).end()));
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await browser?.close();
  web?.close();
  await t?.stop();
});

describe.skipIf(!enabled)('a recorded night, offline', () => {
  it('opens an archive with no hub and no network, scrubs through the night and drafts the postmortem', { timeout: 60_000 }, async () => {
    let clock = WINDOW_START;
    t = await startTestHub({ now: () => clock }, listTemplates()[0]!.plan, WINDOW_START);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const at = async (min: number, type: Parameters<typeof lead.send>[0], payload: object) => {
      clock = WINDOW_START + min * 60_000;
      await lead.send(type, payload as never).done;
    };
    await at(0, 'cutover.start', {});
    await at(1, 'step.start', { stepId: 'open' });
    await at(6, 'step.complete', { stepId: 'open' });
    await at(76, 'note.add', { text: 'Updating table sequences is taking longer than anticipated', severity: 'issue' });
    const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/archive`, { headers: { authorization: `Bearer ${t.tokens.observer}` } });
    expect(res.status).toBe(200);
    const dir = await tempDir('warroom-archive-');
    const file = join(dir, 'night.warroom.json');
    await writeFile(file, await res.text());
    lead.stop();
    await t.hub.close(); // from here on there is no hub at all

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(web.address() as AddressInfo).port}/#/review`);
    await context.setOffline(true);
    await page.getByTestId('archive-input').setInputFiles(file);
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    expect(await page.locator('[data-step-id="open"]').getAttribute('data-status')).toBe('done');

    // Back to 19:03: the first step was running then.
    await page.getByLabel('Moment of the night').fill(String(WINDOW_START + 3 * 60_000));
    await expect.poll(() => page.getByTestId('replay-at').textContent()).toBe('19:03:00');
    await expect.poll(() => page.locator('[data-step-id="open"]').getAttribute('data-status')).toBe('in_progress');
    await screenshot(page, 'review-scrubbed');

    // Jump from a timeline entry to its moment.
    await page.getByLabel('Moment of the night').fill(String(WINDOW_START + 90 * 60_000));
    await page.locator('.tl', { hasText: 'taking longer than anticipated' }).locator('.tl__seek').click();
    await expect.poll(() => page.getByTestId('replay-at').textContent()).toBe('20:16:00');

    await page.getByRole('tab', { name: 'Planned against actual' }).click();
    await page.locator('.gantt__chart').waitFor();
    await screenshot(page, 'review-gantt');
    await page.getByRole('tab', { name: 'Postmortem' }).click();
    const draft = await page.getByLabel('Postmortem text').inputValue();
    expect(draft).toContain('20:16 - Updating table sequences is taking longer than anticipated');
    await screenshot(page, 'review-postmortem');

    // The same night loaded as its own rehearsal: every measured step matches, difference 0.
    await page.getByRole('tab', { name: 'Rehearsal' }).click();
    await page.locator('.rehearsal input[type=file]').setInputFiles(file);
    const row = page.locator('.rehearsal tr', { hasText: 'Open the war room and take the roll call' });
    await expect.poll(() => row.textContent()).toContain('5 min5 min0 min');

    const broken = join(dir, 'broken.warroom.json');
    await writeFile(broken, '{"format":"warroom-archive","version":99}');
    await page.getByRole('button', { name: 'Open another' }).click();
    await page.getByTestId('archive-input').setInputFiles(broken);
    await expect.poll(() => page.getByTestId('archive-error').textContent()).toMatch(/newer Warroom/);
    await context.close();
  });
});

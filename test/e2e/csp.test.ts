import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { browserAgainstHub } from '../support/browserAgainstHub';
import { tempDir } from '../support/hubHarness';

/*
 * The web client runs under a strict Content Security Policy (renderer/index.html): nothing
 * inline, no eval. Anything that tries is refused, and each refusal is an error in the
 * console of whoever is on the night. A page must load, and be used, without one.
 */

const { enabled, browser, webHub } = browserAgainstHub();

/** A fresh page that keeps every CSP refusal it sees, from before its first script runs. */
async function watched(name: string): Promise<{ page: Page; refused: () => Promise<string[]> }> {
  const page = await (await browser().newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.addInitScript({
    content: `window.__refused = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
      localStorage.setItem('warroom.name', ${JSON.stringify(name)});`,
  });
  const fromConsole: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/.test(m.text())) fromConsole.push(m.text());
  });
  return { page, refused: async () => [...(await page.evaluate(() => (window as unknown as { __refused: string[] }).__refused)), ...fromConsole] };
}

describe.skipIf(!enabled)('the web client under its Content Security Policy', () => {
  it('loads the start page and a cutover, and takes a note, with nothing refused', { timeout: 60_000 }, async () => {
    const t = await webHub();
    const start = await watched('Dan');
    await start.page.goto(t.hub.url);
    await start.page.getByLabel('Paste the join link the lead sent you').waitFor();
    expect(await start.refused()).toEqual([]);

    const { page, refused } = await watched('Dan');
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.operator }));
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await page.getByLabel('Add a note to the timeline').fill('Replica caught up');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.timeline').getByText('Replica caught up').waitFor();
    expect(await refused()).toEqual([]);
  });

  it('opens a recorded night and shows its postmortem preview styled, with nothing refused', { timeout: 60_000 }, async () => {
    const t = await webHub();
    const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/archive`, { headers: { authorization: `Bearer ${t.tokens.observer}` } });
    const archive = join(await tempDir('warroom-csp-'), 'night.warroom.json');
    await writeFile(archive, await res.text());
    const { page, refused } = await watched('Dan');
    await page.goto(`${t.hub.url}/#/review`);
    await page.getByTestId('archive-input').setInputFiles(archive);
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await page.getByRole('tab', { name: 'Postmortem' }).click();
    const preview = page.frameLocator('iframe[title="Postmortem preview"]');
    await preview.locator('main h1').waitFor();
    // Its own stylesheet applies (15 px text; a browser's default is 16).
    expect(await preview.locator('body').evaluate((b) => getComputedStyle(b).fontSize)).toBe('15px');
    expect(await refused()).toEqual([]);
  });
});

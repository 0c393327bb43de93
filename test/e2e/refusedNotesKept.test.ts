import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, crewBrowser, link, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, SMALL_RUNBOOK, startTestHub, type TestHub } from '../support/hubHarness';

/*
 * Seven notes written while the hub was away and refused together when it is back: the first
 * goes back into the note box, and every other one's text stays reachable on screen until it is
 * dismissed. The list shows five at a time and, under them, how many more are kept.
 */

const enabled = browserAvailable() && webBuildAvailable();
const crew = crewBrowser();
let t: TestHub | undefined;

beforeAll(async () => {
  if (enabled) await crew.launch();
});
afterAll(() => crew.close());
afterEach(async () => {
  await crew.closePeople();
  await t?.stop();
  t = undefined;
});

describe.skipIf(!enabled)('a refusal list full of typed notes', () => {
  it('keeps every refused note reachable until dismissed, five shown and the rest counted', { timeout: 90_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, SMALL_RUNBOOK, Date.now() - 5 * 60_000);
    const lead = t.client('lead', 'Lina');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    let net!: Awaited<ReturnType<typeof link>>;
    const page = await crew.open(
      webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.operator }),
      'Omar',
      'Database cutover',
      undefined,
      async (p) => {
        net = await link(p);
      },
    );
    const composer = page.locator('#note-composer');
    await composer.waitFor();
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    // Each longer than the 4,000 characters a note may have: the hub refuses all seven.
    const texts = Array.from({ length: 7 }, (_, i) => `Note ${i + 1}: orders-db replica ${'x'.repeat(4000)}`);
    for (const text of texts) {
      await composer.fill(text);
      await page.getByRole('button', { name: 'Add note' }).click();
      await expect.poll(() => composer.inputValue()).toBe('');
    }
    net.up();

    const refusals = page.getByTestId('refusal');
    const more = page.getByTestId('refusals-more');
    await expect.poll(() => more.textContent(), { timeout: 20_000 }).toContain('2 more refused changes are kept, with what was written for them');
    expect(await refusals.count()).toBe(5);
    expect(await composer.inputValue()).toBe(texts[0]);
    await screenshot(page, 'seven-refused-notes');

    // Dismissed one by one from the bottom (the newest, always in sight), every note's text comes up on screen.
    const seen = new Set<string>();
    for (let left = 7; left > 0; left--) {
      for (const text of await refusals.getByTestId('refused-text').allTextContents()) seen.add(text);
      expect(await refusals.count()).toBe(Math.min(left, 5));
      expect(await more.count()).toBe(left > 5 ? 1 : 0);
      await refusals.last().getByRole('button', { name: 'Dismiss' }).click();
      await expect.poll(() => refusals.count()).toBe(Math.min(left - 1, 5));
    }
    expect([...seen].sort()).toEqual([...texts].sort());
  });
});

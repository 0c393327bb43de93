import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { listTemplates } from '@shared/runbook';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { startTestHub, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();

let browser: Browser;
let t: TestHub;
let slack: FakeSlack;

beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await slack?.close();
});

describe.skipIf(!enabled)('one-click comms in a browser against a real hub and a fake Slack', () => {
  it('sets Slack up, tests it, and sends a template filled with live values to Slack and the banner', { timeout: 60_000 }, async () => {
    slack = await startFakeSlack();
    t = await startTestHub({ staticDir: WEB_ROOT, secretsKey: Buffer.alloc(32, 9), slackApiUrl: slack.url }, listTemplates()[0]!.plan, Date.now() - 5 * 60_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => localStorage.setItem('warroom.name', 'Lena'));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await page.getByRole('button', { name: 'Start the night (T0)' }).click();
    await page.getByTestId('comms-tab').click();

    await page.getByTestId('comms-setup').locator('summary').click();
    await page.getByTestId('slack-channel').fill('#cutover');
    await page.getByTestId('slack-token').fill(slack.token);
    await page.getByTestId('slack-save').click();
    await expect.poll(() => page.getByTestId('slack-token').inputValue()).toBe('');
    await page.getByTestId('slack-test').click();
    await expect.poll(() => page.getByTestId('slack-test-result').textContent()).toContain('Slack team');
    // The token went to the hub's vault; the page keeps none of it.
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(slack.token);

    // A webhook's URL is a secret like its signing secret: the screen keeps only its host.
    const hook = page.getByRole('form', { name: 'Webhook' });
    await page.getByTestId('webhook-url').fill('status.example.com/hooks');
    await hook.getByRole('button', { name: 'Save webhook' }).click();
    await expect.poll(() => hook.getByRole('alert').textContent()).toContain('not an http(s) address');
    await page.getByTestId('webhook-url').fill('http://127.0.0.1:9/hooks/warroom?token=url-secret-333');
    await page.getByTestId('webhook-secret').fill('whsec-fake-test-333');
    await hook.getByRole('button', { name: 'Save webhook' }).click();
    await expect.poll(() => hook.locator('h4').textContent()).toContain('set up: 127.0.0.1:9');
    expect(await page.getByTestId('webhook-url').inputValue()).toBe('');
    expect(await page.content()).not.toContain('url-secret-333');
    await hook.scrollIntoViewIfNeeded();
    await screenshot(page, 'comms-webhook-setup');

    await page.getByTestId('comms-template').selectOption('tpl-window-starting');
    await expect.poll(() => page.getByTestId('comms-preview').textContent()).toMatch(/\d+ of \d+ steps|window/i);
    expect(await page.getByTestId('comms-preview').textContent()).not.toContain('{{');
    const slackBox = page.getByTestId('comms-dest-slack');
    if (!(await slackBox.isChecked())) await slackBox.check();
    const bannerBox = page.getByTestId('comms-dest-banner');
    if (!(await bannerBox.isChecked())) await bannerBox.check();
    const preview = (await page.getByTestId('comms-preview').textContent())!.trim();
    await page.getByTestId('comms-send').click();

    const row = page.getByTestId('comms-message').first();
    await expect.poll(() => row.getByTestId('delivery-slack').getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
    await expect.poll(() => row.getByTestId('delivery-banner').getAttribute('data-status')).toBe('sent');
    // The update, posted once. The channel may also hold the living status message by now (its
    // own feature, posted a second after Slack is set up), and nothing else.
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    const posted = slack.messages.filter((m) => flat(m.text).includes(flat(preview).slice(0, 40)));
    expect(posted).toHaveLength(1);
    for (const other of slack.messages.filter((m) => !posted.includes(m))) expect(other.text).toMatch(/^\S+ Database cutover: .* projected end /);
    const banner = (await (await fetch(`${t.hub.url}/banner/${t.cutoverId}.json`)).json()) as { active: boolean; text: string };
    expect(banner.active).toBe(true);
    await screenshot(page, 'comms-sent');

    // The banner adds the expected end to a line that does not give it, and the preview shows that;
    // a line that gives it itself ("Running late", {{projectedEnd}}) gets no second one to contradict it.
    const bannerPreview = page.getByTestId('comms-banner-preview');
    await page.getByTestId('comms-template').selectOption('tpl-window-starting');
    await expect.poll(() => bannerPreview.textContent()).toMatch(/\(expected to finish around \d\d:\d\d [A-Z]+\)$/);
    await page.getByTestId('comms-template').selectOption('tpl-delayed');
    await expect.poll(() => bannerPreview.textContent()).toMatch(/We now expect to finish around \d\d:\d\d [A-Z]+ and will update this banner as we go\.$/);
    if (!(await bannerBox.isChecked())) await bannerBox.check();
    await page.getByTestId('comms-send').click();
    await expect.poll(() => page.getByTestId('comms-message').first().getByTestId('delivery-banner').getAttribute('data-status')).toBe('sent');
    await expect
      .poll(async () => (await (await fetch(`${t.hub.url}/banner/${t.cutoverId}.json`)).json()) as { text: string; etaText: string | null })
      .toMatchObject({ text: expect.stringContaining('We now expect to finish around') as string, etaText: null });
    // "Maintenance completed" in the middle of the night: said beside Send, not sent by a slip.
    await page.getByTestId('comms-template').selectOption('tpl-completed');
    await expect
      .poll(() => page.getByTestId('comms-not-yet').textContent())
      .toMatch(/^This update says the work is completed, but \d+ of \d+ steps are done\.$/);
    await screenshot(page, 'comms-completed-not-yet');
    expect(errors).toEqual([]);
    await context.close();
  });
});

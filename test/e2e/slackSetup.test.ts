import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { startTestHub, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();
const ENV = 'WARROOM_SECRET_SLACK_TOKEN';

let browser: Browser;
let t: TestHub;
let slack: FakeSlack;

beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => {
  delete process.env[ENV];
  await browser?.close();
  await t?.stop();
  await slack?.close();
});

describe.skipIf(!enabled)('the comms set-up on a hub given its Slack token in its environment', () => {
  it('shows that token as present, says why a save failed beside the form, and tests with "works" or the reason', { timeout: 60_000 }, async () => {
    slack = await startFakeSlack();
    // A hub run from a server: the token in its environment, and no key to store secrets with.
    process.env[ENV] = slack.token;
    t = await startTestHub({ staticDir: WEB_ROOT, slackApiUrl: slack.url }, undefined, Date.now() - 5 * 60_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[lead] ${e.message}`));
    await page.addInitScript(() => localStorage.setItem('warroom.name', 'Lena'));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await page.getByTestId('comms-tab').click();
    await page.getByTestId('comms-setup').locator('summary').click();

    const form = page.getByRole('form', { name: 'Slack' });
    expect(await form.textContent()).toContain('Bot token from the hub’s environment ✓');
    expect(await page.getByTestId('slack-token').isDisabled()).toBe(true);
    expect(await form.textContent()).toContain(`The hub was started with ${ENV}, which it uses over anything stored.`);
    await page.getByTestId('slack-channel').fill('#cutover');
    await page.getByTestId('slack-save').click();
    await expect.poll(() => form.getByRole('status').first().textContent()).toBe('Saved.');
    await page.getByTestId('slack-test').click();
    await expect.poll(() => page.getByTestId('slack-test-result').textContent()).toBe('✓ Works: Slack team Acme, posting to #cutover (C0CUTOVER1) as @warroom');
    await screenshot(page, 'slack-setup-from-environment');

    // Slack failing: the reason, and nothing about retrying (a test is never retried).
    slack.behave('auth.test', { kind: '500' });
    await page.getByTestId('slack-test').click();
    await expect.poll(() => page.getByTestId('slack-test-result').textContent()).toBe('✕ Slack answered HTTP 500.');

    // A secret this hub cannot keep: the hub's reason beside the form that asked, nothing saved.
    const statusPage = page.getByRole('form', { name: 'Status page' });
    await statusPage.getByLabel('Page id').fill('pg123');
    await statusPage.locator('input[type="password"]').fill('sp-key-123');
    await statusPage.getByRole('button', { name: 'Save status page' }).click();
    await expect
      .poll(() => statusPage.locator('.comms-saved').textContent())
      .toBe(
        'The hub did not store the secret, so nothing was changed. This hub has no key to encrypt secrets with: start it with WARROOM_SECRETS_KEY set, or give the secret as WARROOM_SECRET_STATUSPAGE_KEY',
      );
    expect(await statusPage.locator('h4').textContent()).toBe('Status page ');
    await statusPage.scrollIntoViewIfNeeded();
    await screenshot(page, 'slack-setup-save-refused');
    await context.close();
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '@shared/comms';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack';
import { live, startTestHub, until, type TestHub } from '../support/hubHarness';

/*
 * The night this comes from: Slack unreachable, and the composer said "Sent at 18:49" in
 * green while the outbox retried. It now says where the update stands at each destination.
 */

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

/** What a test opened, closed after it, last first, whether it passed or not. */
const opened: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

/** A hub whose window opened five minutes ago; with `slack`, Slack is set up on that fake with the token given (its own, unless told). */
async function commsNight(slack?: { fake: FakeSlack; token?: string }): Promise<TestHub> {
  const hub = await startTestHub(
    { staticDir: WEB_ROOT, ...(slack ? { secretsKey: Buffer.alloc(32, 7), slackApiUrl: slack.fake.url } : {}) },
    undefined,
    Date.now() - 5 * 60_000,
  );
  opened.push(() => hub.stop());
  if (!slack) return hub;
  const setUp = hub.client('lead', 'Hub script');
  await live(setUp);
  await setUp.send('secret.set', { name: 'slack-token', value: slack.token ?? slack.fake.token }).done;
  await setUp.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false } } }).done;
  setUp.stop();
  return hub;
}

/** A fake Slack, closed after the test. */
async function fakeSlack(): Promise<FakeSlack> {
  const fake = await startFakeSlack();
  opened.push(() => fake.close());
  return fake;
}

/** Lena, the lead, in a window of her own, on the Comms tab. */
async function leadOnComms(hub: TestHub): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  opened.push(() => context.close());
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('warroom.name', 'Lena'));
  await page.goto(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.lead }));
  await page.getByTestId('comms-tab').click();
  return page;
}

/** Writes "Processing paused" in the composer, for Slack and the banner. */
async function writePausedUpdate(page: Page): Promise<void> {
  const composer = page.getByRole('form', { name: 'Compose an update' });
  await composer.getByPlaceholder('What the crew needs to know; {{variables}} fill in').fill('Processing paused: events are queuing');
  await composer.getByPlaceholder('One calm line for customers').fill('Maintenance under way.');
  for (const d of ['slack', 'banner']) {
    const box = page.getByTestId(`comms-dest-${d}`);
    if (!(await box.isChecked())) await box.check();
  }
}

describe.skipIf(!enabled)('the composer and the updates it sends', () => {
  it('says the update is retrying, at what time and which attempt, and says delivered only once it is', { timeout: 60_000 }, async () => {
    slack = await startFakeSlack();
    t = await startTestHub({ staticDir: WEB_ROOT, secretsKey: Buffer.alloc(32, 7), slackApiUrl: slack.url }, undefined, Date.now() - 5 * 60_000);
    const hubLead = t.client('lead', 'Hub script');
    await live(hubLead);
    await hubLead.send('secret.set', { name: 'slack-token', value: slack.token }).done;
    await hubLead.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false } } }).done;

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => localStorage.setItem('warroom.name', 'Lena'));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await page.getByTestId('comms-tab').click();

    await writePausedUpdate(page);
    // Down for 9 s: attempts 1 to 3 (at 0, 2–2.5 and 6–7.5 s) fail; the 4th (from 14 s) goes through.
    slack.outage(9_000);
    await page.getByTestId('comms-send').click();

    const status = page.getByTestId('comms-sent-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 10_000 }).toBe('retrying');
    await expect
      .poll(() => page.getByTestId('sent-slack').textContent(), { timeout: 10_000 })
      .toMatch(/^Slackretrying at \d\d:\d\d:\d\d, attempt [34]: Could not reach Slack/);
    expect(await page.getByTestId('sent-banner').getAttribute('data-state')).toBe('delivered');
    expect(await status.textContent()).not.toMatch(/Delivered at|Sent at/);
    await status.scrollIntoViewIfNeeded();
    await screenshot(page, 'comms-composer-retrying');

    await expect.poll(() => status.getAttribute('data-state'), { timeout: 25_000 }).toBe('delivered');
    expect(await page.getByTestId('sent-slack').textContent()).toMatch(/^Slackdelivered at \d\d:\d\d:\d\d$/);
    expect(await status.textContent()).toMatch(/^Delivered at \d\d:\d\d:\d\d\./);
    expect(slack.messages.filter((m) => m.text === 'Processing paused: events are queuing')).toHaveLength(1);

    // The timeline: the update, Slack's first failure and its end, and the banner's; no line per retry.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = (await page.getByRole('region', { name: 'Timeline' }).textContent()) ?? '';
    expect(timeline.match(/not sent yet/g)).toHaveLength(1);
    expect(timeline).toContain('Update to Slack: Processing paused: events are queuing, sent');
    expect(timeline).toContain('Update to banner: Processing paused: events are queuing, sent');
    expect(timeline).not.toContain('Sending to');

    // The lead sets the customers' zone and how long the last banner stays up after the night.
    await page.getByTestId('comms-tab').click();
    await page.getByTestId('comms-setup').locator('summary').click();
    await page.getByTestId('banner-zone').fill('Mars/Olympus');
    await page.getByTestId('banner-save').click();
    await expect.poll(() => page.getByRole('form', { name: 'Banner settings' }).getByRole('alert').textContent()).toContain('not a time zone');
    await page.getByTestId('banner-zone').fill('America/New_York');
    await page.getByTestId('banner-keep').fill('2');
    await page.getByTestId('banner-save').click();
    await expect.poll(() => hubLead.state.comms.config.banner).toEqual({ timeZone: 'America/New_York', keepAfterEndMin: 120 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers no Retry on an update that failed once a later one has reached Slack, so old news is not posted after new', { timeout: 60_000 }, async () => {
    const fake = await fakeSlack();
    const hub = await commsNight({ fake, token: 'xoxb-fake-test-000-wrong' });
    const cara = hub.client('lead', 'Cara');
    await live(cara);
    const update = (text: string, state: 'in_progress' | 'completed') =>
      cara.send('message.send', { text, bannerText: text, state, destinations: ['slack'] }).done;
    await update('Processing paused', 'in_progress');
    await until(cara, (c) => Object.values(c.state.messages).some((m) => m.deliveries.slack?.status === 'failed'), 8000, 'failed');
    await cara.send('secret.set', { name: 'slack-token', value: fake.token }).done;
    await update('Change complete', 'completed');
    await until(cara, (c) => Object.values(c.state.messages).some((m) => m.deliveries.slack?.status === 'sent'), 8000, 'the later one sent');

    const page = await leadOnComms(hub);
    const paused = page.getByTestId('comms-message').filter({ hasText: 'Processing paused' }).getByTestId('delivery-slack');
    await expect.poll(() => paused.locator('.dchip__text').textContent()).toMatch(/^failed: .* · a later update has gone there since$/);
    // Retry would have posted "Processing paused" after "Change complete"; Cancel still clears it.
    expect(await paused.getByTestId('delivery-retry').count()).toBe(0);
    expect(await paused.getByTestId('delivery-cancel').count()).toBe(1);
    await paused.scrollIntoViewIfNeeded();
    await screenshot(page, 'comms-failed-overtaken');
  });

  it('sends nothing on a plain Enter on a destination’s checkbox: only Send or Ctrl+Enter sends', { timeout: 60_000 }, async () => {
    const hub = await commsNight();
    const page = await leadOnComms(hub);
    const composer = page.getByRole('form', { name: 'Compose an update' });
    await composer.getByPlaceholder('What the crew needs to know; {{variables}} fill in').fill('Window started; writes frozen');
    await composer.getByPlaceholder('One calm line for customers').fill('Maintenance under way.');
    // A click on the banner's box leaves the focus there; Enter is a slip, not a send.
    const box = page.getByTestId('comms-dest-banner');
    await box.check();
    await box.focus();
    await box.press('Enter');
    await page.waitForTimeout(300);
    const requested = () => hub.hub.registry.get(hub.cutoverId)!.runtime.state.messageOrder.length;
    expect(requested()).toBe(0);
    expect(await composer.getByPlaceholder('One calm line for customers').inputValue()).toBe('Maintenance under way.');
    await box.press('Control+Enter');
    await expect.poll(requested).toBe(1);
  });

  it('refuses a template saved over someone else’s change made while the editor was open, and keeps what was typed', { timeout: 60_000 }, async () => {
    const hub = await commsNight();
    const cara = hub.client('comms', 'Cara');
    await live(cara);
    const builtIn = DEFAULT_TEMPLATES[0]!;
    const page = await leadOnComms(hub);
    await page.locator('.comms-fold summary', { hasText: 'Templates' }).click();
    await page.getByRole('button', { name: `Edit “${builtIn.title}”` }).click();
    const editor = page.getByRole('dialog', { name: `Template: ${builtIn.title}` });
    await editor.getByLabel('Crew message (Slack mrkdwn: *bold*)').fill('We start the switch now.');
    // While Lena writes, Cara fixes the customers' line.
    await cara.send('template.save', { template: { ...builtIn, bannerText: 'Checkout is paused until 02:30 UTC.' }, base: null }).done;
    await editor.getByRole('button', { name: 'Save for this cutover' }).click();
    await expect
      .poll(() => page.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
      .toContainEqual(
        expect.stringContaining('was changed by someone else after you opened it: its customer line now reads “Checkout is paused until 02:30 UTC.”'),
      );
    expect(await editor.getByLabel('Crew message (Slack mrkdwn: *bold*)').inputValue()).toBe('We start the switch now.');
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.comms.templates[builtIn.id]!.bannerText).toBe('Checkout is paused until 02:30 UTC.');
    await screenshot(page, 'template-changed-meanwhile');
  });

  it('asks before Reset to default, and refuses it once someone saved a fix while the editor was open', { timeout: 60_000 }, async () => {
    const hub = await commsNight();
    const cara = hub.client('comms', 'Cara');
    await live(cara);
    const builtIn = DEFAULT_TEMPLATES[0]!;
    const first = { ...builtIn, text: 'We start the switch now.' };
    await cara.send('template.save', { template: first, base: null }).done;
    const page = await leadOnComms(hub);
    await page.locator('.comms-fold summary', { hasText: 'Templates' }).click();
    await page.getByRole('button', { name: `Edit “${builtIn.title}”` }).click();
    const editor = page.getByRole('dialog', { name: `Template: ${builtIn.title}` });
    // While the editor is open, Cara fixes the customers' line.
    await cara.send('template.save', { template: { ...first, bannerText: 'Checkout is paused until 02:30 UTC.' }, base: first }).done;
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await editor.getByRole('button', { name: 'Reset to default' }).click();
    await expect
      .poll(() => page.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Nothing was reset: open the template again to see theirs first'));
    expect(asked).toEqual([`Reset “${builtIn.title}” to the built-in wording? The crew’s version is lost.`]);
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.comms.templates[builtIn.id]!.bannerText).toBe('Checkout is paused until 02:30 UTC.');
  });

  it('refuses a template’s update that someone sent from the same template a moment before, whatever live figure moved', { timeout: 60_000 }, async () => {
    const hub = await commsNight();
    const cara = hub.client('comms', 'Cara');
    await live(cara);
    const page = await leadOnComms(hub);
    await page.getByTestId('comms-template').selectOption('tpl-window-starting');
    // Cara sent the same template a moment before, filled when the clock read a minute earlier.
    await cara.send('message.send', {
      templateId: 'tpl-window-starting',
      text: 'Heads up: the maintenance window is starting (filled a minute ago)',
      bannerText: 'Scheduled maintenance is under way.',
      state: 'in_progress',
      destinations: ['banner'],
      unedited: true,
    }).done;
    await page.getByTestId('comms-send').click();
    await expect
      .poll(() => page.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('Cara sent this same update'));
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.messageOrder).toHaveLength(1);
  });

  it('shows as sent an update cancelled while it waited to retry, when Slack had it all along', { timeout: 60_000 }, async () => {
    const fake = await fakeSlack();
    const hub = await commsNight({ fake });
    const lena = hub.client('lead', 'Hub script');
    await live(lena);
    fake.behave('chat.postMessage', { kind: 'dropResponse' }); // posted, its answer lost
    await lena.send('message.send', { text: 'Processing paused', bannerText: '', state: 'in_progress', destinations: ['slack'] }).done;

    const page = await leadOnComms(hub);
    const chip = page.getByTestId('comms-message').filter({ hasText: 'Processing paused' }).getByTestId('delivery-slack');
    await expect.poll(() => chip.locator('.dchip__text').textContent(), { timeout: 10_000 }).toMatch(/^retrying at /);
    await chip.getByTestId('delivery-cancel').click();
    // The post is in the channel: the chip says sent, with its link, not cancelled.
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 10_000 }).toBe('sent');
    expect(await chip.locator('.dchip__link').count()).toBe(1);
    expect(fake.messages.filter((m) => m.text === 'Processing paused')).toHaveLength(1);
  });

  it('says which destination was cancelled beside those delivered, never a plain “Delivered”', { timeout: 60_000 }, async () => {
    const fake = await fakeSlack();
    const hub = await commsNight({ fake });
    const page = await leadOnComms(hub);
    await writePausedUpdate(page);
    fake.outage(60_000); // Slack down: the update waits to retry there; the banner has it
    await page.getByTestId('comms-send').click();
    const status = page.getByTestId('comms-sent-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 10_000 }).toBe('retrying');
    await page.getByTestId('comms-message').filter({ hasText: 'Processing paused' }).getByTestId('delivery-slack').getByTestId('delivery-cancel').click();
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('Delivered to Banner at');
    expect(await status.textContent()).toContain('cancelled for Slack');
  });

  it('asks before Escape drops what was typed in a template, and closes an untouched one at once', { timeout: 60_000 }, async () => {
    const hub = await commsNight();
    const page = await leadOnComms(hub);
    const builtIn = DEFAULT_TEMPLATES[0]!;
    const asked: string[] = [];
    let answer = false;
    page.on('dialog', (d) => {
      asked.push(d.message());
      void (answer ? d.accept() : d.dismiss());
    });
    await page.locator('.comms-fold summary', { hasText: 'Templates' }).click();
    const edit = page.getByRole('button', { name: `Edit “${builtIn.title}”` });
    const editor = page.getByRole('dialog', { name: `Template: ${builtIn.title}` });
    // Untouched: Escape closes it, nothing asked.
    await edit.click();
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(asked).toEqual([]);
    // Typed in: Escape asks, and "no" keeps the editor and the words.
    await edit.click();
    await editor.getByLabel('Crew message (Slack mrkdwn: *bold*)').fill('We start the switch now.');
    await page.keyboard.press('Escape');
    await expect.poll(() => asked).toEqual(['Close the template and drop what you changed in it?']);
    expect(await editor.getByLabel('Crew message (Slack mrkdwn: *bold*)').inputValue()).toBe('We start the switch now.');
    answer = true;
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
  });

  it('keeps a draft nobody typed in on its template’s wording when the template is saved anew, and leaves a typed one alone', { timeout: 60_000 }, async () => {
    const hub = await commsNight();
    const cara = hub.client('comms', 'Cara');
    await live(cara);
    const page = await leadOnComms(hub);
    await page.getByTestId('comms-template').selectOption('tpl-window-starting');
    const builtIn = DEFAULT_TEMPLATES.find((x) => x.id === 'tpl-window-starting')!;
    const banner = page.getByRole('form', { name: 'Compose an update' }).getByPlaceholder('One calm line for customers');
    expect(await banner.inputValue()).toBe(builtIn.bannerText);
    // Cara fixes the customers' line: the draft, untouched, would have sent the old one.
    const fixed = { ...builtIn, bannerText: 'Checkout is paused until 02:30 UTC.' };
    await cara.send('template.save', { template: fixed, base: null }).done;
    await expect.poll(() => banner.inputValue()).toBe('Checkout is paused until 02:30 UTC.');
    // Once Lena has typed, her words stay.
    await banner.fill('Checkout is paused for about an hour.');
    await cara.send('template.save', { template: { ...fixed, bannerText: 'Checkout is paused until 03:00 UTC.' }, base: fixed }).done;
    await page.waitForTimeout(300);
    expect(await banner.inputValue()).toBe('Checkout is paused for about an hour.');
  });
});

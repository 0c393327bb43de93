import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CutoverEvent, Role } from '@shared/cutover';
import { webJoinLink, writtenTail } from '@shared/protocol';
import { browserAvailable, crewBrowser, keptEvents, link, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { startHub } from '../../electron/hub/hub';
import { journalOf, live, SMALL_RUNBOOK, startTestHub, type TestHub } from '../support/hubHarness';

/*
 * At 2 AM the screen must never lose what someone typed, nor leave them thinking something
 * happened that did not: a change refused after a reload is said to be refused, with the text
 * written for it; a note being written outlives a reload and a look at another tab; and the
 * Crew tab calls nobody connected while this window cannot know.
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

/** A fresh browser profile per person, joined by their link with their name; `clock`: the page's timers in the test's hands. */
async function join(role: Role, name: string, { clock = false } = {}): Promise<{ page: Page; net: Awaited<ReturnType<typeof link>> }> {
  let net!: Awaited<ReturnType<typeof link>>;
  const page = await crew.open(
    webJoinLink({ hub: t!.hub.url, cutoverId: t!.cutoverId, token: t!.tokens[role] }),
    name,
    'Database cutover',
    undefined,
    async (p) => {
      if (clock) await p.clock.install();
      net = await link(p);
    },
  );
  return { page, net };
}

const row = (page: Page, stepId: string) => page.locator(`[data-step-id="${stepId}"]`);
const composer = (page: Page) => page.locator('#note-composer');

/** A night under way, step a ("Stop event processing") running. */
async function runningNight() {
  t = await startTestHub({ staticDir: WEB_ROOT }, SMALL_RUNBOOK, Date.now() - 5 * 60_000);
  const lead = t.client('lead', 'Lina');
  await live(lead);
  await lead.send('cutover.start', {}).done;
  await lead.send('step.start', { stepId: 'a' }).done;
  return lead;
}

/** Omar, offline, marks step a failed with a reason: the change waits in his page. */
async function failQueuedOffline(page: Page, net: Awaited<ReturnType<typeof link>>) {
  await row(page, 'a').and(page.locator('[data-status="in_progress"]')).waitFor();
  await net.down();
  await page.getByTestId('conn-banner').waitFor();
  await row(page, 'a').getByRole('button', { name: 'Fail…' }).click();
  await page.getByRole('dialog').locator('textarea').fill(REASON);
  await page.getByRole('button', { name: 'Mark failed' }).click();
  await row(page, 'a').getByTestId('sending').waitFor();
}

const REASON = 'Consumer offsets on orders-db went backwards at 02:14, see #inc-4411';
const DRAFT = 'Replica lag on orders-db climbing past 40 s, holding the switch until';

describe.skipIf(!enabled)('nothing typed is lost, and nothing is shown that did not happen', () => {
  it('says a change kept over a reload was refused, names it and shows the reason written for it', { timeout: 60_000 }, async () => {
    const lead = await runningNight();
    const { page, net } = await join('operator', 'Omar');
    await failQueuedOffline(page, net);
    // Meanwhile Lina ticks the step off; then Omar's page is reloaded with the "Fail" still kept.
    await lead.send('step.complete', { stepId: 'a' }).done;
    net.up();
    await page.reload();
    await row(page, 'a').and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });

    const refusal = page.getByTestId('refusal');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.count()).toBe(1);
    expect(await refusal.textContent()).toContain('“Stop event processing” is done; it cannot be failed');
    expect(await refusal.getByTestId('refused-what').textContent()).toBe('You asked: Fail “Stop event processing” (kept from before this page was reloaded).');
    expect(await refusal.getByTestId('refused-text').textContent()).toBe(REASON);
    await expect.poll(() => page.getByTestId('sending').count()).toBe(0);
    await screenshot(page, 'refused-after-reload');
  });

  it('keeps the reason typed for a queued change the hub refuses once the link is back, until it is dismissed', { timeout: 60_000 }, async () => {
    const lead = await runningNight();
    const { page, net } = await join('operator', 'Omar', { clock: true });
    await failQueuedOffline(page, net);
    await lead.send('step.complete', { stepId: 'a' }).done;
    net.up();

    const refusal = page.getByTestId('refusal');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.textContent()).toContain('cannot be failed');
    expect(await refusal.getByTestId('refused-text').textContent()).toBe(REASON);
    // It carries someone's words: it stays past the 15 s a plain refusal is shown, until let go.
    await page.clock.fastForward(20_000);
    expect(await refusal.count()).toBe(1);
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
    expect(await refusal.count()).toBe(0);
  });

  it('stops the running step’s clock when the hub is lost, as the header does, instead of counting on a night it cannot see', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page, net } = await join('operator', 'Omar', { clock: true });
    const timing = page.getByTestId('now-line').locator('.now-line__timing');
    await timing.waitFor();
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    const lost = await timing.textContent();
    // Ten minutes without the hub: the step may have ended there; nothing here may say it ran on.
    await page.clock.fastForward(10 * 60_000);
    await page.getByTestId('now-line').waitFor();
    expect(await timing.textContent()).toBe(lost);
  });

  it('keeps a plain refusal that came while the page was hidden until it has been on screen for its 15 s', { timeout: 60_000 }, async () => {
    const lead = await runningNight();
    const { page, net } = await join('operator', 'Omar', { clock: true });
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await row(page, 'a').and(page.locator('[data-status="in_progress"]')).waitFor();
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    // Omar presses Done offline, then goes to his terminal; Lina ticks the step off meanwhile.
    await row(page, 'a').getByRole('button', { name: 'Done', exact: true }).click();
    await setHidden(true);
    await lead.send('step.complete', { stepId: 'a' }).done;
    net.up();
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor({ timeout: 20_000 });
    await page.clock.fastForward(60_000);
    expect(await refusal.count()).toBe(1);
    // Back on screen, it is read, then goes by itself.
    await setHidden(false);
    await page.clock.fastForward(16_000);
    await expect.poll(() => refusal.count()).toBe(0);
  });

  it('does not offer Cancel on a poll sent while the link is down, and says it opens once the hub has it', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page, net } = await join('lead', 'Lina');
    await page.getByRole('tab', { name: /Go\/No-go/ }).click();
    await page.getByRole('button', { name: 'Open a go/no-go poll' }).click();
    const form = page.getByRole('form', { name: 'Open a go/no-go poll' });
    await form.getByLabel('Question').fill('Switch writes to the new database?');
    await form.getByLabel('Role: approver').check();
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    await form.getByRole('button', { name: 'Open poll' }).click();
    // It is queued in this window: Cancel would close the form and the poll would open anyway.
    await form.getByTestId('poll-opening').waitFor();
    expect(await form.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    net.up();
    await expect.poll(() => t!.hub.registry.get(t!.cutoverId)!.runtime.state.pollOrder.length, { timeout: 20_000 }).toBe(1);
    await expect.poll(() => form.count()).toBe(0);
  });

  it('does not offer Cancel on a lag series sent while the link is down, and keeps its fields as sent', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page, net } = await join('lead', 'Lina');
    await page.getByRole('button', { name: 'Add lag series…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a lag series' });
    await dialog.getByTestId('series-name').fill('Orders queue');
    await dialog.getByTestId('series-kind').selectOption('push');
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    await dialog.getByRole('button', { name: 'Add series' }).click();
    // It is queued in this window: Cancel (or Escape) would close the dialog and the series would be added anyway.
    await dialog.getByTestId('series-sending').waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
    expect(await dialog.getByTestId('series-name').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(1);
    net.up();
    await expect
      .poll(() => Object.values(t!.hub.registry.get(t!.cutoverId)!.runtime.state.series).map((s) => s.name), { timeout: 20_000 })
      .toEqual(['Orders queue']);
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('refuses an update sent offline once someone else told the same place something later, and posts nothing after it', { timeout: 60_000 }, async () => {
    await runningNight();
    const cara = t!.client('comms', 'Cara');
    await live(cara);
    const { page, net } = await join('lead', 'Lina');
    await page.getByTestId('comms-tab').click();
    await page.getByTestId('comms-template').selectOption('tpl-window-starting');
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    await page.getByTestId('comms-send').click();
    // While Lina's update waits in her page, Cara tells the customers the work is done.
    await cara.send('message.send', {
      text: 'Change complete',
      bannerText: 'The maintenance is complete.',
      state: 'completed',
      destinations: ['banner'],
      after: null,
    }).done;
    net.up();
    await expect
      .poll(() => page.getByTestId('refusal').allTextContents(), { timeout: 20_000 })
      .toContainEqual(expect.stringContaining('Cara sent “Completed” to the banner at'));
    expect(t!.hub.registry.get(t!.cutoverId)!.runtime.state.messageOrder).toHaveLength(1);
    cara.stop();
  });

  it('puts a note the hub refused back into the note box, and shows it in the refusal', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page } = await join('operator', 'Omar');
    // Past the 4,000 characters a note may have: the hub refuses it.
    const long = `${DRAFT}. ${'x'.repeat(4000)}`;
    await composer(page).fill(long);
    await page.getByRole('button', { name: 'Add note' }).click();
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('What you wrote is back in the note box');
    expect(await composer(page).inputValue()).toBe(long);
    await screenshot(page, 'refused-note');
  });

  it('keeps a note being written over a reload of the page', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page } = await join('operator', 'Omar');
    await composer(page).fill(DRAFT);
    await page.reload();
    await composer(page).waitFor();
    expect(await composer(page).inputValue()).toBe(DRAFT);
  });

  it('keeps a note being written while the Crew tab is looked at', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page } = await join('operator', 'Omar');
    await composer(page).fill(DRAFT);
    await page.getByRole('tab', { name: 'Crew' }).click();
    await page.locator('section.crew').waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    expect(await composer(page).inputValue()).toBe(DRAFT);
  });

  it('forgets the note once the hub has it: the box is empty after a reload', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page } = await join('operator', 'Omar');
    await composer(page).fill(DRAFT);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.timeline').getByText(DRAFT).waitFor();
    await page.reload();
    await composer(page).waitFor();
    expect(await composer(page).inputValue()).toBe('');
  });

  it('calls nobody connected on the Crew tab while this window has no link to the hub', { timeout: 60_000 }, async () => {
    await runningNight();
    const omar = t!.client('operator', 'Omar');
    await live(omar);
    const { page, net } = await join('lead', 'Lena');
    await page.getByRole('tab', { name: 'Crew' }).click();
    const state = (name: string) => page.locator(`[data-member="${name}"] .crew__state`).textContent();
    await expect.poll(() => state('Omar')).toContain('connected');

    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    // Omar's laptop goes to sleep: the hub drops him, and this window cannot know.
    omar.stop();
    await page.getByTestId('presence-unknown').waitFor();
    expect(await page.getByTestId('presence-unknown').textContent()).toMatch(
      /^Who is connected is not known while this window has no link to the hub: below is the list as of \d\d:\d\d/,
    );
    expect(await state('Omar')).toMatch(/^was connected · /);
    expect(await state('Lena')).toMatch(/^was connected · /);
    await screenshot(page, 'crew-presence-unknown');

    net.up();
    await page.getByTestId('presence-unknown').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => state('Omar')).toMatch(/^away · /);
    expect(await state('Lena')).toMatch(/^connected · /);
  });
});

describe.skipIf(!enabled)('a hub whose journal fails', () => {
  it('says it cannot record, keeps the change marked as sending, and records it once the hub is back', { timeout: 60_000 }, async () => {
    await runningNight();
    const { page } = await join('operator', 'Omar');
    await row(page, 'a').and(page.locator('[data-status="in_progress"]')).waitFor();
    const store = journalOf(t!.hub, t!.cutoverId);
    const append = store.append.bind(store);
    store.append = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    await row(page, 'a').getByRole('button', { name: 'Done' }).click();
    const banner = page.getByTestId('conn-banner');
    await banner.waitFor();
    await expect
      .poll(() => banner.textContent())
      .toBe(
        'The hub stopped recording (ENOSPC: no space left on device, write): it must be mended and restarted. Trying again… 1 change is kept and will be sent when it is back.',
      );
    expect(await page.getByTestId('refusal').count()).toBe(0);
    await row(page, 'a').getByTestId('sending').waitFor();
    await screenshot(page, 'hub-cannot-record');

    // Space freed, the hub started again on its folder and port: the Done goes in.
    store.append = append;
    const port = t!.hub.port;
    await t!.hub.close().catch(() => undefined);
    t!.hub = await startHub({ dataDir: t!.dir, port, staticDir: WEB_ROOT, log: () => undefined });
    await row(page, 'a').and(page.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByTestId('refusal').count()).toBe(0);
  });
});

describe.skipIf(!enabled)('a link refused while a change waits to be sent', () => {
  it('says the change made here may not have reached the hub, and its row that it is not confirmed', { timeout: 60_000 }, async () => {
    const lead = await runningNight();
    const { page, net } = await join('operator', 'Omar');
    await row(page, 'a').and(page.locator('[data-status="in_progress"]')).waitFor();
    await net.down();
    await page.getByTestId('conn-banner').waitFor();
    await row(page, 'a').getByRole('button', { name: 'Done' }).click();
    await row(page, 'a').getByTestId('sending').waitFor();
    const omar = Object.values(lead.state.invites).find((i) => i.role === 'operator')!;
    await lead.send('invite.revoke', { inviteId: omar.id }).done;
    net.up();
    await expect
      .poll(() => page.getByTestId('conn-banner').textContent(), { timeout: 20_000 })
      .toBe(
        'The hub refused this link: The lead revoked this invite. Ask the lead for a new invite. A change made here may not have reached the hub: once you are back in, look at the night before doing it again.',
      );
    // The Done is kept under a link the hub will not let in again: this window never sends it,
    // and the row must not go on saying it is on its way.
    await expect.poll(() => row(page, 'a').locator('.sending').textContent()).toBe('not confirmed');
    expect(await row(page, 'a').getByTestId('sending').count()).toBe(0);
    await screenshot(page, 'refused-not-sent');
  });
});

describe.skipIf(!enabled)('a note written after a reload with no hub reachable', () => {
  it('is dated when it was written, by the hub’s clock this page measured before the reload', { timeout: 90_000 }, async () => {
    // The hub's clock is 7 s ahead of this machine's: a note dated by the page's own clock, or
    // by the hub when it arrives, is seconds off.
    const AHEAD = 7_000;
    const hubNow = () => Date.now() + AHEAD;
    t = await startTestHub({ staticDir: WEB_ROOT, now: hubNow }, SMALL_RUNBOOK, Date.now() - 5 * 60_000);
    const lead = t.client('lead', 'Lina');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const { page } = await join('operator', 'Omar');
    // Live long enough for the page to hear the pong to the ping its hello carried (the clock
    // measured), to keep the night, and to note the hub heard at least twice after (once a second).
    const hubSeq = () => t!.hub.registry.get(t!.cutoverId)!.runtime.state.seq;
    await expect.poll(async () => (await keptEvents(page)) - hubSeq(), { timeout: 20_000 }).toBe(0);
    await page.waitForTimeout(2_500);
    // And the page itself is kept (public/sw.js), so that it opens with no hub.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then(() => navigator.serviceWorker.controller !== null)), { timeout: 20_000 })
      .toBe(true);

    // The hub goes away; Omar's page is reloaded and shows the night kept on his laptop.
    const port = t.hub.port;
    await t.hub.close();
    await page.reload();
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('conn-banner').waitFor();
    const text = 'Replica on orders-db stopped at the switch, waiting for Dan before going on';
    await composer(page).fill(text);
    const typedAt = hubNow();
    await page.getByRole('button', { name: 'Add note' }).click();

    // Six seconds on, more than the timeline's "written apart" (WRITTEN_APART_MS), the hub is back.
    await page.waitForTimeout(6_000);
    t.hub = await startHub({ dataDir: t.dir, port, staticDir: WEB_ROOT, now: hubNow, log: () => undefined });
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    const stored = () =>
      runtime
        .rawsAfter(0)
        .map((r) => JSON.parse(r) as CutoverEvent)
        .find((e) => e.type === 'note.added' && e.payload.text === text);
    await expect.poll(stored, { timeout: 30_000 }).toBeDefined();
    const note = stored()! as Extract<CutoverEvent, { type: 'note.added' }>;
    // Dated when Omar wrote it, in the hub's time: not left to its delivery six seconds later.
    expect(note.payload.writtenAt).toBeDefined();
    expect(Math.abs(note.payload.writtenAt! - typedAt)).toBeLessThan(1_000);
    expect(note.ts - note.payload.writtenAt!).toBeGreaterThan(5_000);
    // And the timeline says so: "(written …, delivered …)".
    const tail = writtenTail(note, 'Europe/London');
    expect(tail).toMatch(/^ \(written \d\d:\d\d:\d\d, delivered \d\d:\d\d:\d\d\)$/);
    await expect.poll(() => page.locator('.timeline').textContent(), { timeout: 20_000 }).toContain(`${text}${tail}`);
  });
});

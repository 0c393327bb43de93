import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, crewBrowser, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, step, type TestHub } from '../support/hubHarness';

/*
 * Slips of the hand at the screen: a key that acts on a step other than the one just worked,
 * a button for what the hub always refuses, Tab walking out of a prompt onto the buttons
 * behind it, an offer to tick off a step whose update never went, a double click that shows a
 * refusal right after the click worked.
 */

const enabled = browserAvailable() && webBuildAvailable();

let t: TestHub | undefined;
const crew = crewBrowser();
beforeAll(async () => {
  if (enabled) await crew.launch();
});
afterEach(async () => {
  await crew.closePeople();
  await t?.stop();
  t = undefined;
});
afterAll(async () => crew.close());

const row = (page: Page, id: string) => page.locator(`[data-step-id="${id}"]`);
const buttonsOf = async (page: Page, id: string) => (await row(page, id).locator('.step__actions button').allTextContents()).map((s) => s.trim());
const hubState = () => t!.hub.registry.get(t!.cutoverId)!.runtime.state;
const linkFor = (token: string) => webJoinLink({ hub: t!.hub.url, cutoverId: t!.cutoverId, token });
const open = (token: string, name: string, viewport = { width: 1280, height: 720 }) => crew.open(linkFor(token), name, 'Database cutover', viewport);

/** A night whose window opened five minutes ago, started by the lead, and her client. */
async function nightStarted(runbook: RunbookPlan) {
  t = await startTestHub({ staticDir: WEB_ROOT }, runbook, Date.now() - 5 * 60_000);
  const lena = t.client('lead', 'Lena');
  await live(lena);
  await lena.send('cutover.start', {}).done;
  return lena;
}

/** Long enough for a second command's refusal to come back from a hub on this machine. */
const REFUSAL_WAIT_MS = 1_000;

describe.skipIf(!enabled)('slips of the hand', () => {
  it('takes Enter for the step just started by the mouse, not the one the keyboard had selected before', { timeout: 60_000 }, async () => {
    const lena = await nightStarted({
      phases: [
        {
          id: 'p1',
          title: 'P',
          steps: [step('a', 'Stop the cron jobs', 0, 10, []), step('b', 'Copy the data (Sam runs it)', 0, 10, []), step('c', 'Snapshot the volume', 0, 10, [])],
        },
      ],
    });
    await lena.send('step.start', { stepId: 'b' }).done;
    const page = await open(t!.tokens.lead, 'Lena');
    await row(page, 'a').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => row(page, 'b').getAttribute('class')).toMatch(/step--selected/);
    // Start on C with the mouse: C is the step being worked now, and has the selection.
    await row(page, 'c').getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => row(page, 'c').getAttribute('data-status')).toBe('in_progress');
    await page.waitForTimeout(600); // past the double-press guard: a deliberate Enter
    await page.keyboard.press('Enter');
    await expect.poll(() => [hubState().steps.b!.status, hubState().steps.c!.status]).toEqual(['in_progress', 'done']);
    expect(await row(page, 'c').getAttribute('class')).toMatch(/step--selected/);
  });

  it('acts on no step whose row is scrolled out of sight: the key brings the selection back into view first', { timeout: 60_000 }, async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `s${i}`);
    await nightStarted({ phases: [{ id: 'p1', title: 'P', steps: ids.map((id, i) => step(id, `Step number ${i}`, 0, 10, [])) }] });
    const page = await open(t!.tokens.lead, 'Lena', { width: 1280, height: 500 });
    await row(page, 's0').waitFor();
    await page.keyboard.press('j');
    await expect.poll(() => row(page, 's0').getAttribute('class')).toMatch(/step--selected/);
    await row(page, 's29').scrollIntoViewIfNeeded();
    await expect.poll(() => row(page, 's0').evaluate((el) => el.getBoundingClientRect().bottom < 0)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(REFUSAL_WAIT_MS);
    expect(hubState().steps.s0!.status).toBe('pending');
    // Shown again; the next Enter, on a step in sight, starts it.
    await expect.poll(() => row(page, 's0').evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => hubState().steps.s0!.status).toBe('in_progress');
  });

  it('offers no Reopen on a point of no return the night has crossed, and says why when it failed', { timeout: 60_000 }, async () => {
    const lena = await nightStarted({
      phases: [
        {
          id: 'p1',
          title: 'Switch',
          steps: [
            step('prep', 'Terminate the cron jobs', 0, 10, []),
            step('switch', 'Switch DNS and MySQL writes', 10, 10, [], { pointOfNoReturn: true }),
            step('replicas', 'Drop the old read replicas', 10, 10, [], { pointOfNoReturn: true }),
          ],
        },
      ],
    });
    const cto = t!.client('approver', 'Chris');
    await live(cto);
    await lena.send('step.complete', { stepId: 'prep' }).done;
    await cto.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'the provider moved DNS already' }).done;
    await lena.send('step.start', { stepId: 'switch', cross: true }).done;
    await lena.send('step.complete', { stepId: 'switch' }).done;
    await cto.send('ponr.override', { stepId: 'replicas', confirm: 'CROSS', reason: 'they are gone already' }).done;
    await lena.send('step.start', { stepId: 'replicas', cross: true }).done;
    await lena.send('step.fail', { stepId: 'replicas', reason: 'one replica would not drop' }).done;
    const page = await open(t!.tokens.lead, 'Lena');
    await expect.poll(() => row(page, 'switch').getAttribute('data-status')).toBe('done');
    // A plain step done is reopened as before; the crossed point of no return is not offered it.
    expect(await buttonsOf(page, 'prep')).toContain('Reopen…');
    expect(await buttonsOf(page, 'switch')).not.toContain('Reopen…');
    // Failed after the night crossed it: nothing to press, and the row says what to do instead.
    await expect.poll(() => row(page, 'replicas').getAttribute('data-status')).toBe('failed');
    expect(await buttonsOf(page, 'replicas')).not.toContain('Reopen…');
    expect(await row(page, 'replicas').textContent()).toContain('it cannot be reopened. Add a step for what must be done again.');
    // Nor by its key: x on the selected row opens no prompt.
    await row(page, 'switch').locator('.step__title').click();
    await page.keyboard.press('x');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('keeps Tab inside an open prompt, the page behind out of reach, and Escape closing it', { timeout: 60_000 }, async () => {
    const lena = await nightStarted({ phases: [{ id: 'p1', title: 'P', steps: [step('a', 'Stop the cron jobs', 0, 10, []), step('b', 'Copy', 0, 10, [])] }] });
    await lena.send('step.start', { stepId: 'a' }).done;
    const page = await open(t!.tokens.lead, 'Lena', { width: 1280, height: 900 });
    await row(page, 'a').getByRole('button', { name: 'Fail…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('textarea').fill('disk full');
    const inDialog = () => page.evaluate(() => document.activeElement?.closest('[aria-modal="true"]') !== null);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await inDialog(), `Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inDialog(), `Shift+Tab ${i + 1}`).toBe(true);
    }
    // The page behind takes no focus and no clicks while the prompt is open.
    expect(
      await row(page, 'b')
        .getByRole('button', { name: 'Start', exact: true })
        .evaluate((el) => el.closest('[inert]') !== null),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('[inert]').length)).toBe(0);
    // With the focus fallen out of it (on the page), Escape still closes it.
    await row(page, 'a').getByRole('button', { name: 'Fail…' }).click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(hubState().steps.a!.status).toBe('in_progress');
  });

  it('offers to tick off a comms step only after the update it asked for, and names the update', { timeout: 60_000 }, async () => {
    await nightStarted({
      phases: [{ id: 'p', title: 'Tell people', steps: [step('banner', 'Banner: processing paused', 0, 5, [], { kind: 'comms', owner: 'comms' })] }],
    });
    const cara = await open(t!.tokens.comms, 'Cara');
    const banner = row(cara, 'banner');
    await banner.getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => banner.getAttribute('data-status')).toBe('in_progress');
    const picker = cara.getByLabel('Template');
    const sendNow = async () => {
      const box = cara.getByTestId('comms-dest-banner');
      if (!(await box.isChecked())) await box.check();
      const before = hubState().messageOrder.length;
      await cara.getByTestId('comms-send').click();
      await expect.poll(() => hubState().messageOrder.length).toBe(before + 1);
    };

    // Composed for the step, then another template picked by hand and sent: not the step's update.
    // The composer has taken the step's request once the message has the focus (Composer.tsx).
    const message = cara.getByPlaceholder('What the crew needs to know');
    const composeForStep = async () => {
      await banner.getByRole('button', { name: 'Compose update…' }).click();
      await expect.poll(() => message.evaluate((el) => el === document.activeElement)).toBe(true);
    };
    await composeForStep();
    const asked = await picker.inputValue();
    expect(asked).not.toBe('');
    const other = (await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).find((v) => v && v !== asked)!;
    await picker.selectOption(other);
    expect(await cara.getByTestId('comms-for-step').count()).toBe(0);
    await sendNow();
    await cara.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await cara.locator('.comms-offer').count()).toBe(0);

    // The step's own update: the offer names it, and a double click on it ticks the step off once.
    await composeForStep();
    expect(await picker.inputValue()).toBe(asked);
    expect(await cara.getByTestId('comms-for-step').textContent()).toMatch(/^For the step “Banner: processing paused”/);
    const title = (await picker.locator(`option[value="${asked}"]`).textContent())!.trim();
    await sendNow();
    await expect.poll(() => cara.locator('.comms-offer').textContent()).toContain(`“${title}”, the update for “Banner: processing paused”, is on its way.`);
    await cara.getByRole('button', { name: 'Mark the step done' }).dblclick();
    await expect.poll(() => hubState().steps.banner!.status).toBe('done');
    await cara.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await cara.getByTestId('refusal').allTextContents()).toEqual([]);
  });

  it('starts and completes the night on a double click without a refusal after it', { timeout: 60_000 }, async () => {
    t = await startTestHub(
      { staticDir: WEB_ROOT },
      { phases: [{ id: 'p1', title: 'P', steps: [step('a', 'Stop the cron jobs', 0, 10, [])] }] },
      Date.now() - 5 * 60_000,
    );
    const lena = t.client('lead', 'Lena');
    await live(lena);
    const page = await open(t.tokens.lead, 'Lena');
    await page.getByRole('button', { name: 'Start the night (T0)' }).dblclick();
    await expect.poll(() => hubState().status).toBe('in_progress');
    await page.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await page.getByTestId('refusal').allTextContents()).toEqual([]);

    await lena.send('step.complete', { stepId: 'a' }).done;
    const complete = page.getByRole('button', { name: 'Complete cutover', exact: true });
    await complete.waitFor();
    await complete.dblclick();
    await expect.poll(() => hubState().status).toBe('completed');
    await page.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await page.getByTestId('refusal').allTextContents()).toEqual([]);
  });
});

describe.skipIf(!enabled)('a prompt and its backdrop', () => {
  it('stays open on the double-click that opened it, and keeps a half-written reason through a stray click beside it', { timeout: 60_000 }, async () => {
    const lena = await nightStarted({ phases: [{ id: 'p1', title: 'P', steps: [step('a', 'Stop the cron jobs', 0, 10, [])] }] });
    await lena.send('step.start', { stepId: 'a' }).done;
    const page = await open(t!.tokens.lead, 'Lena');
    await row(page, 'a').getByRole('button', { name: 'Fail…' }).dblclick();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await page.waitForTimeout(300);
    expect(await dialog.count()).toBe(1);

    await dialog.locator('textarea').fill('Cron kept restarting on host 3');
    await page.mouse.click(5, 5); // beside the prompt, on the backdrop
    expect(await dialog.count()).toBe(1);
    expect(await dialog.locator('textarea').inputValue()).toBe('Cron kept restarting on host 3');
    // Escape still closes it, and with nothing written a click beside it does too.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row(page, 'a').getByRole('button', { name: 'Fail…' }).click();
    await dialog.waitFor();
    await page.mouse.click(5, 5);
    await dialog.waitFor({ state: 'detached' });
    expect(hubState().steps.a!.status).toBe('in_progress');
  });
});

import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../electron/hub/hub';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { tempDir } from '../support/hubHarness';

/*
 * #16, "Done when": a team's first night from a browser only. A hub with no cutover; its
 * admin plans one from a Markdown runbook, invites a DBA, edits a pending step while the
 * night runs, and the DBA completes it.
 */

const enabled = browserAvailable() && webBuildAvailable();
const ADMIN = 'admin-token-for-the-browser-test-0123456789';

const BROKEN = ['# Orders database to the cloud', '- [ ] Roll call (lead, 5m)', '## Prepare', '- [ ] Stop the cron jobs (, )'].join('\n');
const NIGHT = [
  '# Orders database to the cloud',
  '## Prepare',
  '- [ ] Roll call (lead, 5m)',
  '- [ ] Stop the cron jobs (DBA, 10m)',
  '  rollback: start the cron jobs again',
  '## Switch',
  '- [ ] Switch writes to the new database (DBA, 15m) [ponr]',
  '- [ ] Check writes land (SRE, 10m) [verify]',
].join('\n');

let browser: Browser | undefined;
let hub: Hub | undefined;
let dir: string | undefined;
beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function person(name: string | null): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name ?? 'admin'}] ${e.message}`));
  if (name) await page.addInitScript({ content: `localStorage.setItem('warroom.name', ${JSON.stringify(name)})` });
  return page;
}

/** The row whose title is `title` (another row may name it, waiting on it). */
const row = (page: Page, title: string) => page.locator('[data-step-id]').filter({ has: page.locator('.step__title', { hasText: title }) });

describe.skipIf(!enabled)('a first night planned and run from a browser', () => {
  it(
    'plans the night from Markdown as the admin, invites a DBA, edits a pending step during the night, and the DBA completes it',
    { timeout: 120_000 },
    async () => {
      dir = await tempDir();
      hub = await startHub({ dataDir: dir, port: 0, log: () => undefined, staticDir: WEB_ROOT, adminToken: ADMIN, secretsKey: Buffer.alloc(32, 3) });
      expect(hub.registry.list()).toHaveLength(0);

      // The admin, at the address the hub printed.
      const admin = await person(null);
      await admin.goto(`${hub.url}/#/plan`);
      const tokenField = admin.getByLabel('Admin token');
      await tokenField.fill('not-the-token');
      await admin.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => admin.getByRole('alert').textContent()).toBe('This is not the admin token of this hub');
      await tokenField.fill(ADMIN);
      await admin.getByRole('button', { name: 'Continue' }).click();
      const form = admin.getByRole('form', { name: 'Plan a new night' });
      await form.getByLabel('Title').waitFor();

      // The window opened five minutes ago, in this browser's zone.
      const started = await admin.evaluate(() => {
        const t = Date.now() - 5 * 60_000;
        return new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      });
      await form.getByLabel(/Window starts/).fill(started);
      await form.getByLabel('Title').fill('Orders night');

      // A runbook with mistakes is refused with each line, and nothing is planned.
      const file = form.locator('input[type=file]');
      await file.setInputFiles({ name: 'night.md', mimeType: 'text/markdown', buffer: Buffer.from(BROKEN) });
      await form.getByRole('button', { name: 'Create cutover' }).click();
      const problems = form.locator('.error-list li');
      await expect
        .poll(() => problems.allTextContents())
        .toEqual([
          'line 2: This step comes before the first phase ("## Prepare" on line 3); put it under a "## " heading',
          'line 4: "(, )" has an empty owner or duration: write both, as in (DBA, 15m), or leave out what is not known',
        ]);
      await screenshot(admin, 'plan-night-errors');
      expect(hub.registry.list()).toHaveLength(0);

      await file.setInputFiles({ name: 'night.md', mimeType: 'text/markdown', buffer: Buffer.from(NIGHT) });
      await form.getByRole('button', { name: 'Create cutover' }).click();

      // The admin is the new night's lead: asked their name once the link is known to be good.
      await admin.getByText('You were invited to “Orders night” as a lead.').waitFor();
      await admin.getByLabel('Your name, as the crew will see it').fill('Lena');
      await admin.getByRole('button', { name: 'Join' }).click();
      await admin.getByRole('heading', { name: 'Orders night' }).waitFor();
      const lead = admin;
      await lead.getByRole('button', { name: 'Start the night (T0)' }).click();

      // A link for the DBA, labelled, from the Crew tab.
      await lead.getByRole('tab', { name: 'Crew' }).click();
      const mint = lead.locator('.crew-admin__mint');
      await mint.locator('select').selectOption('operator');
      await mint.getByLabel('Station').fill('DBA');
      await mint.getByLabel('Label (who it is for)').fill('Omar, DBA');
      // A double click mints one link, not a second nobody was shown.
      await mint.getByRole('button', { name: 'Create invite link' }).dblclick();
      const link = await lead.getByLabel('New invite link').inputValue();
      expect(link).toMatch(/#\/join\?c=c-[0-9a-f]+&t=/);
      const invite = lead.locator('[data-invite="Omar, DBA"]');
      await invite.waitFor();
      await lead.waitForTimeout(300);
      expect(await invite.count()).toBe(1);
      await expect.poll(() => invite.locator('span').textContent()).toBe('Omar, DBA · operator · DBA · for one person · unused');
      // Handed out twice: the same link again, while nobody has used it.
      await invite.getByRole('button', { name: 'Copy link for “Omar, DBA” again' }).click();
      await expect.poll(() => lead.getByLabel('Invite link', { exact: true }).inputValue()).toBe(link);

      const dba = await person('Omar');
      await dba.goto(link);
      await dba.getByRole('heading', { name: 'Orders night' }).waitFor();
      // For one person, now used: it lets nobody else in, so it is not offered again.
      await expect.poll(() => invite.locator('span').textContent()).toBe('Omar, DBA · operator · DBA · for one person · used by Omar');
      expect(await invite.getByRole('button', { name: 'Copy link for “Omar, DBA” again' }).count()).toBe(0);
      await screenshot(lead, 'plan-night-crew');

      // The roll call is done; the lead rewrites the next, still pending, step.
      await row(lead, 'Roll call').getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => row(dba, 'Roll call').getAttribute('data-status')).toBe('done');
      // The lead's window learns it over its own socket, not Omar's.
      await expect.poll(() => row(lead, 'Roll call').getAttribute('data-status')).toBe('done');
      await lead.getByRole('button', { name: 'Edit runbook' }).click();
      await expect(lead.getByRole('button', { name: 'Edit “Roll call”' }).isDisabled()).resolves.toBe(true);
      // A step another depends on is not offered for removal only to be refused: it says why.
      const remove = lead.getByRole('button', { name: 'Remove “Stop the cron jobs”' });
      expect(await remove.isDisabled()).toBe(true);
      expect(await remove.getAttribute('title')).toMatch(/depends on “Stop the cron jobs”; change that first$/);
      await lead.getByRole('button', { name: 'Edit “Stop the cron jobs”' }).click();
      const editor = lead.getByRole('dialog', { name: 'Edit: Stop the cron jobs' });
      await editor.getByLabel('Title').fill('Stop the cron jobs and the nightly export');
      await editor.getByLabel('Planned duration').fill('20m');
      await editor.getByLabel(/Owner/).fill('Omar');
      await screenshot(lead, 'plan-night-edit-step');
      await editor.getByRole('button', { name: 'Save changes' }).click();
      await editor.waitFor({ state: 'detached' });
      await lead.getByRole('button', { name: 'Done editing' }).click();

      // Everyone sees the new plan; the DBA completes the step as it now reads.
      const edited = row(dba, 'Stop the cron jobs and the nightly export');
      await edited.waitFor();
      expect(await edited.locator('.owner').textContent()).toBe('Omar');
      await edited.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => row(lead, 'Stop the cron jobs and the nightly export').getAttribute('data-status')).toBe('done');
      await lead.getByRole('tab', { name: 'Timeline' }).click();
      const editedEntry = lead.getByText(/^Step “Stop the cron jobs and the nightly export” edited/);
      await editedEntry.waitFor();
      expect(await editedEntry.textContent()).toBe('Step “Stop the cron jobs and the nightly export” edited: title, owner, planned duration');
      await screenshot(lead, 'plan-night-lead');

      // The point of no return stays one once the night has started: its box is fixed, and says why.
      await lead.getByRole('button', { name: 'Edit runbook' }).click();
      await lead.getByRole('button', { name: 'Edit “Switch writes to the new database”' }).click();
      const ponrEditor = lead.getByRole('dialog', { name: 'Edit: Switch writes to the new database' });
      const ponrBox = ponrEditor.getByLabel('The point of no return (crossed only with the approver’s GO)');
      expect(await ponrBox.isChecked()).toBe(true);
      expect(await ponrEditor.locator('legend').textContent()).toBe('Waits for: Stop the cron jobs and the nightly export');
      expect(await ponrBox.isDisabled()).toBe(true);
      expect(await ponrEditor.textContent()).toContain(
        '“Switch writes to the new database” is the point of no return, and the night has started: it stays one. It is crossed with the approver’s GO, or with an override and its reason.',
      );
      await screenshot(lead, 'plan-night-ponr-fixed');
      await ponrEditor.getByRole('button', { name: 'Cancel' }).click();

      // Done now: the editor no longer offers to rewrite it.
      await expect(lead.getByRole('button', { name: 'Edit “Stop the cron jobs and the nightly export”' }).isDisabled()).resolves.toBe(true);
      expect(await row(lead, 'Stop the cron jobs and the nightly export').textContent()).toContain('Done: a step that has ended is not rewritten');

      // A step taken out stays named on the record, not as its id.
      await lead.getByRole('button', { name: 'Remove “Check writes land”' }).click();
      await lead.getByRole('dialog', { name: 'Remove “Check writes land”' }).getByRole('button', { name: 'Remove step' }).click();
      await row(dba, 'Check writes land').waitFor({ state: 'detached' });
      await lead.getByRole('button', { name: 'Done editing' }).click();
      await lead.getByRole('tab', { name: 'Timeline' }).click();
      await lead.getByText('Step “Check writes land” removed', { exact: true }).waitFor();
    },
  );
});

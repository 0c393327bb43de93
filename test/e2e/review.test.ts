import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../electron/hub/transport/staticFiles';
import { decodeArchive } from '@shared/archive';
import { listTemplates } from '@shared/runbook';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, nodeClient, startTestHub, step, tempDir, type TestHub } from '../support/hubHarness';

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

/** The postmortem the offline review drafts from `hub`'s archive, exported and opened with the hub gone. */
async function draftedOffline(hub: TestHub): Promise<string> {
  const res = await fetch(`${hub.hub.url}/api/cutovers/${hub.cutoverId}/archive`, { headers: { authorization: `Bearer ${hub.tokens.observer}` } });
  const file = join(await tempDir('warroom-archive-'), 'night.warroom.json');
  await writeFile(file, await res.text());
  await hub.hub.close();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(web.address() as AddressInfo).port}/#/review`);
    await page.getByTestId('archive-input').setInputFiles(file);
    await page.getByRole('tab', { name: 'Postmortem' }).click();
    return await page.getByLabel('Postmortem text').inputValue();
  } finally {
    await context.close();
  }
}

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

    // The record keeps who was on shift, not who was connected: the crew says nothing of that.
    await page.getByRole('tab', { name: 'Crew' }).click();
    const crew = page.locator('.crew__list');
    await crew.locator('.crew__member').first().waitFor();
    expect(await crew.textContent()).toContain('on shift');
    expect(await crew.textContent()).not.toMatch(/away|connected/);

    await page.getByRole('tab', { name: 'Planned against actual' }).click();
    await page.locator('.gantt__chart').waitFor();
    await screenshot(page, 'review-gantt');
    await page.getByRole('tab', { name: 'Postmortem' }).click();
    const draft = await page.getByLabel('Postmortem text').inputValue();
    expect(draft).toContain('- 20:16 [issue] Updating table sequences is taking longer than anticipated');
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

  it(
    'keeps edits across tabs and reloads, offers restore or discard, previews, adds action items and saves them into the archive',
    { timeout: 90_000 },
    async () => {
      let clock = WINDOW_START;
      t = await startTestHub({ now: () => clock }, listTemplates()[0]!.plan, WINDOW_START);
      const lead = t.client('lead', 'Lena');
      await live(lead);
      clock = WINDOW_START + 60_000;
      await lead.send('cutover.start', {}).done;
      clock += 60_000;
      await lead.send('note.add', { text: 'Rehearse the drain on a copy of live', severity: 'action' }).done;
      const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/archive`, { headers: { authorization: `Bearer ${t.tokens.observer}` } });
      const dir = await tempDir('warroom-review-');
      const file = join(dir, 'night.warroom.json');
      await writeFile(file, await res.text());
      lead.stop();
      await t.hub.close();

      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
      const page = await context.newPage();
      const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/#/review`;
      // A real reload each time: what the window kept in memory is gone, only what was stored is left.
      const open = async (path: string) => {
        if (page.url() === url) await page.reload();
        else await page.goto(url);
        await page.getByTestId('archive-input').setInputFiles(path);
        await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
      };
      await open(file);
      // Live-only controls have no place in a recorded night.
      expect(await page.getByText('My steps').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Enable notifications' }).count()).toBe(0);

      await page.getByRole('tab', { name: 'Postmortem' }).click();
      const text = page.getByLabel('Postmortem text');
      const draft = await text.inputValue();
      expect(draft).toContain('## Root cause and trigger\n\n**To fill in:**');
      // The page beside the Markdown, rendered as it will be published, and which exports this window has.
      const preview = page.frameLocator('iframe[title="Postmortem preview"]');
      await preview.getByRole('heading', { name: 'Where we got lucky' }).waitFor();
      expect(await page.getByTestId('postmortem-status').textContent()).toContain('In the browser: Markdown and HTML.');
      expect(await page.getByRole('button', { name: 'Save as PDF' }).count()).toBe(0);

      const edited = draft.replace(
        '**To fill in:** what caused it, and what set it off that night?',
        'The sequences were updated table by table <script>x</script>.',
      );
      await text.fill(edited);
      await expect.poll(() => preview.locator('body').textContent()).toContain('table by table <script>x</script>.');
      // Another tab and back: the edit is where it was.
      await page.getByRole('tab', { name: 'Planned against actual' }).click();
      await page.getByRole('tab', { name: 'Postmortem' }).click();
      expect(await text.inputValue()).toBe(edited);

      // An action item from the note: an owner is required, a javascript: link is refused with a sentence.
      await page.getByRole('button', { name: 'Make an action item' }).click();
      await page.getByLabel('Ticket link').fill('javascript:alert(1)');
      await page.getByRole('button', { name: 'Add the action item' }).click();
      expect(await page.getByRole('alert').filter({ hasText: 'owner' }).textContent()).toContain('An action item needs an owner');
      await page.getByLabel('Owner (a person or a role)').fill('SRE team');
      await page.getByRole('button', { name: 'Add the action item' }).click();
      expect(await page.getByRole('alert').filter({ hasText: 'ticket' }).textContent()).toContain('A ticket link is an http or https address');
      await page.getByLabel('Ticket link').fill('https://tickets.example.com/OPS-9');
      await page.getByRole('button', { name: 'Add the action item' }).click();
      // The table is drafted again inside the edited text; the edit stays.
      await expect
        .poll(() => text.inputValue())
        .toContain('| Rehearse the drain on a copy of live | SRE team | P2 | – | <https://tickets.example.com/OPS-9> | Review, from a note |');
      expect(await text.inputValue()).toContain('table by table');
      await screenshot(page, 'review-postmortem-editing');

      // A reload loses nothing: the kept draft is offered back.
      await open(file);
      await page.getByRole('tab', { name: 'Postmortem' }).click();
      await page.getByText('An edited draft of this postmortem was kept').waitFor();
      // Until it is restored or discarded nothing is edited: typing then was kept nowhere, and
      // Restore put the kept text over it.
      expect(await text.isEditable()).toBe(false);
      expect(await page.getByRole('button', { name: 'Make an action item' }).isEnabled()).toBe(false);
      await screenshot(page, 'review-postmortem-restore');
      await page.getByRole('button', { name: 'Restore it' }).click();
      expect(await text.inputValue()).toContain('table by table');
      expect(await text.inputValue()).toContain('SRE team');
      expect(await text.isEditable()).toBe(true);

      // Saved into the archive (version 2): opened again, the edits and the item come with it.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Save the archive with these edits' }).click();
      // The page cannot know whether the save dialog was cancelled: it says what it did, not "saved".
      expect(await page.getByRole('status').filter({ hasText: 'offered as' }).textContent()).toBe(
        'The archive with your edits and action items was offered as night.reviewed.warroom.json. Your edits stay kept here until you discard them.',
      );
      const saved = join(dir, 'night.reviewed.warroom.json');
      await (await download).saveAs(saved);
      const decoded = await decodeArchive(await readFile(saved, 'utf8'));
      expect(decoded.ok && decoded.archive.version).toBe(2);
      expect(decoded.ok && decoded.archive.review?.postmortem).toContain('table by table <script>x</script>.');
      expect(decoded.ok && decoded.archive.review?.actions.map((a) => [a.title, a.owner, a.ticket])).toEqual([
        ['Rehearse the drain on a copy of live', 'SRE team', 'https://tickets.example.com/OPS-9'],
      ]);

      // Discarded, the kept draft is gone: the next open starts from the draft.
      await open(file);
      await page.getByRole('tab', { name: 'Postmortem' }).click();
      await page.getByRole('button', { name: 'Discard it' }).click();
      expect(await text.inputValue()).toBe(draft);
      await open(file);
      await page.getByRole('tab', { name: 'Postmortem' }).click();
      expect(await page.getByText('An edited draft of this postmortem was kept').count()).toBe(0);

      // The saved archive opens with its edited postmortem.
      await open(saved);
      await page.getByRole('tab', { name: 'Postmortem' }).click();
      expect(await text.inputValue()).toContain('table by table');
      await context.close();
    },
  );

  it('tells a GO over a NO-GO with what it went over and why, and a step re-planned as it ran, in the postmortem', { timeout: 60_000 }, async () => {
    const gated = {
      phases: [
        {
          id: 'p1',
          title: 'Switch',
          steps: [step('prep', 'Stop cron jobs', 0, 10, []), step('gate', 'Go/no-go', 10, 5, ['prep'], { kind: 'gate' as const })],
        },
      ],
    };
    t = await startTestHub({}, gated, WINDOW_START);
    const lead = t.client('lead', 'Lena');
    const dave = t.client('operator', 'Dave');
    const ann = t.client('approver', 'Ann');
    await Promise.all([lead, dave, ann].map(live));
    await lead.send('cutover.start', {}).done;
    await dave.send('step.start', { stepId: 'prep' }).done;
    await lead.send('step.edit', { stepId: 'prep', changes: { plannedDurationMin: 60 } }).done;
    await dave.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch DNS to AWS?', stations: ['role:operator'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dave.send('poll.answer', { pollId, vote: 'no_go', comment: 'replica lag 40 s' }).done;
    await ann.send('decision.record', {
      pollId,
      decision: 'go',
      rationale: 'Counts match',
      override: 'The vendor confirmed the lag is the replica catching up',
    }).done;
    const draft = await draftedOffline(t);
    const decision = draft.split('\n').find((l) => l.startsWith('- Decision: GO at '));
    expect(decision).toMatch(
      / by Ann: Counts match\. GO over the NO-GO of Dave \(operator\): replica lag 40 s, overridden: The vendor confirmed the lag is the replica catching up$/,
    );
    expect(draft).toContain('Re-planned: Stop cron jobs to take 60 min');
  });

  it('tells the night of a lag series removed before the end, from the readings the archive kept', { timeout: 60_000 }, async () => {
    t = await startTestHub({}, undefined, WINDOW_START);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('series.define', { series: { id: 'alarm-queue', name: 'Alarm queue', critical: 500, source: { kind: 'push' } } }).done;
    const t0 = Date.now() - 60_000;
    const values = [100, 900, 1200, 300, 0];
    const pushed = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples: values.map((value, i) => ({ series: 'alarm-queue', value, t: t0 + i * 5000 })) }),
    });
    expect(pushed.status).toBe(200);
    await lead.send('series.remove', { seriesId: 'alarm-queue' }).done;
    const draft = await draftedOffline(t);
    expect(draft).not.toContain('**Alarm queue**: no readings were recorded.');
    expect(draft).toMatch(/\*\*Alarm queue\*\*: peaked at 1,200 at /);
  });

  it('plans the live night from a rehearsal: a data-volume ratio for the volume-bound steps, a factor per step, slack kept', { timeout: 60_000 }, async () => {
    let clock = WINDOW_START;
    t = await startTestHub({ now: () => clock });
    const { cutoverId, invites } = await t.hub.createCutover({
      title: 'Database cutover (rehearsal)',
      window: { start: WINDOW_START, end: WINDOW_START + 120 * 60_000, timeZone: 'Europe/London' },
      isRehearsal: true,
      runbook: listTemplates()[0]!.plan,
    });
    const token = invites.find((i) => i.invite.role === 'lead')!.token;
    const lead = nodeClient(t.hub.url, cutoverId, token, 'Lena', { now: () => clock });
    lead.start();
    await live(lead);
    const at = async (min: number, type: Parameters<typeof lead.send>[0], payload: object) => {
      clock = WINDOW_START + min * 60_000;
      await lead.send(type, payload as never).done;
    };
    await at(0, 'cutover.start', {});
    await at(0, 'step.start', { stepId: 'open' });
    await at(2, 'step.complete', { stepId: 'open' });
    await at(2, 'step.start', { stepId: 'replication' });
    await at(6, 'step.complete', { stepId: 'replication' });
    await at(6, 'step.start', { stepId: 'snapshot' });
    await at(11, 'step.complete', { stepId: 'snapshot' });
    const res = await fetch(`${t.hub.url}/api/cutovers/${cutoverId}/archive`, { headers: { authorization: `Bearer ${token}` } });
    const dir = await tempDir('warroom-rehearsal-');
    const file = join(dir, 'rehearsal.warroom.json');
    await writeFile(file, await res.text());
    lead.stop();
    await t.hub.close();

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(web.address() as AddressInfo).port}/#/review`);
    await page.getByTestId('archive-input').setInputFiles(file);
    await page.getByRole('heading', { name: 'Database cutover (rehearsal)' }).waitFor();
    await page.getByRole('tab', { name: 'Rehearsal' }).click();
    const row = (id: string) => page.locator(`[data-testid="live-plan"] tr[data-step-id="${id}"]`);
    // The snapshot took 5 of its planned 15 minutes: the plan's slack is kept.
    await expect.poll(() => row('snapshot').textContent()).toContain('kept the plan');
    await page.getByLabel('Data-volume ratio').fill('4');
    // Volume-bound: 5 min × 4 = 20, more than the plan's 15; the fixed replication check stays at its plan's 10.
    await expect.poll(() => row('snapshot').locator('strong').textContent()).toBe('20 min');
    expect(await row('replication').locator('strong').textContent()).toBe('10 min');
    await page.getByLabel('Factor for Check replication to the cloud database has caught up').fill('3');
    await expect.poll(() => row('replication').locator('strong').textContent()).toBe('12 min');
    await page.getByLabel('Factor for Open the war room and take the roll call').fill('0');
    await expect.poll(() => page.getByText('must be a positive number').count()).toBe(1);
    await page.getByLabel('Factor for Open the war room and take the roll call').fill('1');
    await screenshot(page, 'review-rehearsal-plan');
    await context.close();
  });

  it('once opened from a web server, still opens its lag charts with the network gone', { timeout: 60_000 }, async () => {
    t = await startTestHub({}, listTemplates()[0]!.plan, Date.now() - 30 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('series.define', { series: { id: 'orders', name: 'Orders queue', warning: 4000, critical: 8000, source: { kind: 'push' } } }).done;
    const now = Date.now();
    const samples = Array.from({ length: 30 }, (_, i) => ({ series: 'orders', value: 5000 - i * 100, t: now - (30 - i) * 10_000 }));
    const pushed = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples }),
    });
    expect(pushed.status).toBe(200);
    const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/archive`, { headers: { authorization: `Bearer ${t.tokens.observer}` } });
    const file = join(await tempDir('warroom-archive-'), 'night.warroom.json');
    await writeFile(file, await res.text());
    lead.stop();

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(web.address() as AddressInfo).port}/#/review`);
    // The page keeps itself and its parts once idle; then the network goes.
    const kept = await page.evaluate(() =>
      Promise.race([navigator.serviceWorker.ready.then(() => 'kept'), new Promise((r) => setTimeout(() => r('not kept within 15 s'), 15_000))]),
    );
    expect(kept).toBe('kept');
    await page.getByTestId('archive-input').setInputFiles(file);
    await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: /^Lag/ }).click();
    await page.getByTestId('lag-chart-orders').waitFor();
    expect(await page.getByText('could not be loaded').count()).toBe(0);
    await screenshot(page, 'review-lag-offline');
    await context.close();
  });
});

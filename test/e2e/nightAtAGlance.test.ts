import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HUB_ACTOR, type Role } from '@shared/cutover';
import type { HubClient } from '@shared/client';
import { webJoinLink } from '@shared/protocol';
import { listTemplates } from '@shared/runbook';
import { browserAvailable, crewBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, until, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();
const TEMPLATE = listTemplates()[0]!.plan;
const LONG_NAME = 'Orders queue on the old RabbitMQ cluster in Milan (vhost production, consumer group billing)';

let t: TestHub;
const people = crewBrowser();

beforeAll(async () => {
  if (enabled) await people.launch();
});
afterAll(async () => people.close());
afterEach(async () => {
  await people.closePeople();
  await t?.stop();
});

/** A laptop: 1280×720, a fresh profile per person. */
const join = (role: Role, name: string): Promise<Page> =>
  people.open(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens[role] }), name, 'Database cutover', { width: 1280, height: 720 });

/** Lead and approver as protocol clients: they set the night up while the browsers watch. */
async function crew(): Promise<{ lead: HubClient; cto: HubClient }> {
  const lead = t.client('lead', 'Lena');
  const cto = t.client('approver', 'Chris');
  await Promise.all([live(lead), live(cto)]);
  await lead.send('cutover.start', {}).done;
  return { lead, cto };
}

async function lagSeries(lead: HubClient): Promise<void> {
  await lead.send('series.define', { series: { id: 'orders', name: LONG_NAME, warning: 4000, critical: 8000, source: { kind: 'push' } } }).done;
  await lead.send('series.define', { series: { id: 'replica', name: 'Replica lag', unit: 'seconds', warning: 60, critical: 300, source: { kind: 'push' } } })
    .done;
  const now = Date.now();
  const samples = Array.from({ length: 30 }, (_, i) => [
    { series: 'orders', value: 5000 + i * 40, t: now - (30 - i) * 10_000 },
    { series: 'replica', value: 12, t: now - (30 - i) * 10_000 },
  ]).flat();
  const res = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ samples }),
  });
  expect(res.status).toBe(200);
}

async function goThroughTheGate(lead: HubClient, cto: HubClient): Promise<void> {
  for (const id of ['open', 'banner-start', 'replication', 'snapshot', 'config']) {
    if (lead.state.steps[id]?.status !== 'done') await lead.send('step.complete', { stepId: id }).done;
  }
  await lead.send('poll.open', { question: 'Go?', stations: ['role:approver'], gateStepId: 'go' }).done;
  await until(cto, (c) => c.state.pollOrder.length > 0);
  await cto.send('decision.record', { pollId: cto.state.pollOrder[0], decision: 'go', rationale: 'all green' }).done;
}

/** Within the window, top and bottom, as the page stands (nothing scrolled). */
async function onScreen(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= 720;
}

describe.skipIf(!enabled)('the night at a glance, on a 1280×720 laptop', () => {
  it('keeps the running step above the fold for the lead, an operator and the approver', { timeout: 60_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 30 * 60_000);
    const { lead, cto } = await crew();
    await lagSeries(lead);
    for (const id of ['open', 'banner-start']) await lead.send('step.complete', { stepId: id }).done;
    await lead.send('step.start', { stepId: 'replication' }).done;
    const running = '[data-step-id="replication"][data-status="in_progress"]';
    // Its status, title and owner: the first lines of its row (a long row's notes may run on below).
    const runningTitle = `${running} .step__title`;

    const pages: Page[] = [];
    for (const [role, name] of [
      ['lead', 'Lena'],
      ['operator', 'Dan'],
      ['approver', 'Chris'],
    ] as const) {
      const page = await join(role, name);
      pages.push(page);
      await page.locator(running).waitFor();
      await page.getByTestId('lag-series-orders').waitFor();
      // Over its warning line it is not "caught up", whatever depth it idled at before.
      await expect.poll(() => page.getByTestId('lag-series-orders').textContent()).toMatch(/warning(growing|draining|flat)/i);
      expect(await page.getByTestId('lag-series-orders').textContent()).not.toContain('caught up');
      await screenshot(page, `glance-${role}`);
      expect(await onScreen(page, runningTitle), `${role}: the running step is on screen`).toBe(true);
      // The header is one row, and the lag's long name does not widen its chip.
      expect((await page.locator('.cutover-header').boundingBox())!.height).toBeLessThan(60);
      // When the point of no return comes and whether there is a GO are never cut short; its step gives way first.
      const ponr = page.getByTestId('hdr-ponr').locator('.chip__text');
      expect(await ponr.textContent()).toMatch(/^in \d+ ?[hm].* · no GO$/);
      expect(await ponr.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      await page.getByTestId('hdr-lag').waitFor();
      const lagBox = (await page.getByTestId('hdr-lag').boundingBox())!;
      expect(lagBox.width).toBeLessThan(280);
      expect(lagBox.x + lagBox.width, `${role}: the lag chip is inside the window`).toBeLessThanOrEqual(page.viewportSize()!.width);
      expect(await page.getByTestId('hdr-lag').getAttribute('title')).toContain(LONG_NAME);
      expect(await page.getByTestId('now-line').textContent()).toContain('Check replication to the cloud database has caught up');
    }

    // The lag panel is folded to a line per series; opened, it stays open across a reload.
    const [leadPage, dbaPage] = pages as [Page, Page, Page];
    expect(await leadPage.getByTestId('lag-chart-orders').count()).toBe(0);
    const toggle = leadPage.getByRole('button', { name: /^Lag/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await leadPage.keyboard.press('Enter');
    await leadPage.getByTestId('lag-chart-orders').waitFor();
    await leadPage.reload();
    await leadPage.getByTestId('lag-chart-orders').waitFor();
    await screenshot(leadPage, 'glance-lag-open');

    // Deep in the runbook the line above it still names the running step, and shows its row.
    await lead.send('step.complete', { stepId: 'replication' }).done;
    await goThroughTheGate(lead, cto);
    for (const id of ['stop-processing', 'queuing']) await lead.send('step.complete', { stepId: id }).done;
    await lead.send('step.start', { stepId: 'final-sync' }).done;
    await expect.poll(() => dbaPage.getByTestId('now-line').textContent()).toContain('Let the last changes replicate, then stop replication');
    await dbaPage.locator('[data-now-step="final-sync"]').click();
    await expect.poll(() => onScreen(dbaPage, '[data-step-id="final-sync"]')).toBe(true);
    await screenshot(dbaPage, 'glance-deep');
  });

  it('says ON HOLD, then ROLLING BACK with the rollback’s progress, and drops the banner once rolled back', { timeout: 60_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 30 * 60_000);
    const { lead, cto } = await crew();
    await lagSeries(lead);
    await goThroughTheGate(lead, cto);
    for (const id of ['stop-processing', 'queuing', 'final-sync']) await lead.send('step.complete', { stepId: id }).done;
    await lead.send('step.start', { stepId: 'switch' }).done;
    const page = await join('lead', 'Lena');
    const status = page.getByTestId('cutover-status');
    await expect.poll(() => status.innerText()).toBe('IN PROGRESS');

    await cto.send('decision.record', { decision: 'hold', rationale: 'the app team is not on the bridge' }).done;
    await expect.poll(() => status.innerText()).toBe('ON HOLD');
    expect(await status.getAttribute('title')).toContain('HOLD by Chris');
    await lead.send('step.fail', { stepId: 'switch', reason: 'the API will not restart' }).done;
    await expect.poll(() => page.getByTestId('hdr-failed').textContent()).toContain('Point the services at the new database');
    // A failed step beside the point of no return and the lag: the header takes a second line
    // rather than push the worst lag's value off the screen.
    await page.getByTestId('hdr-lag').waitFor();
    const rights = await page.locator('.cutover-header .chip').evaluateAll((chips) => chips.map((c) => c.getBoundingClientRect().right));
    for (const right of rights) expect(right).toBeLessThanOrEqual(page.viewportSize()!.width);
    expect(
      await page
        .getByTestId('hdr-lag')
        .locator('.chip__text')
        .evaluate((el) => el.scrollWidth <= el.clientWidth),
    ).toBe(true);
    await screenshot(page, 'glance-hold');

    await cto.send('decision.record', { decision: 'rollback', rationale: 'the API will not come up' }).done;
    await expect.poll(() => status.innerText()).toBe('ROLLING BACK');
    expect(await page.getByTestId('hdr-ponr').count()).toBe(0);
    expect(await page.getByTestId('hdr-rollback').textContent()).toContain('0 of 2 rollback steps done');
    expect(await page.getByTestId('rollback-banner').textContent()).toContain('ROLLBACK under way');
    const first = await page.locator('.phase').first().locator('.step__title').first().textContent();
    expect(first).toContain('Put the old connection settings back');
    await lead.send('step.complete', { stepId: 'rb-switch' }).done;
    await expect.poll(() => page.getByTestId('hdr-rollback').textContent()).toContain('1 of 2 rollback steps done');
    await screenshot(page, 'glance-rolling-back');

    await lead.send('cutover.finish', { outcome: 'rolled_back', reason: 'back on the old database' }).done;
    await expect.poll(() => status.innerText()).toBe('ROLLED BACK');
    expect(await page.getByTestId('rollback-banner').count()).toBe(0);
    expect(await page.getByTestId('hdr-rollback').count()).toBe(0);
    await screenshot(page, 'glance-rolled-back');
  });

  it('filters the timeline by kind and person, and gathers a series’ repeated alerts', { timeout: 60_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 30 * 60_000);
    const { lead } = await crew();
    // No readings: the alerts below are the only ones.
    await lead.send('series.define', { series: { id: 'orders', name: 'Orders queue', warning: 4000, critical: 8000, source: { kind: 'push' } } }).done;
    const dan = t.client('operator', 'Dan');
    await live(dan);
    await dan.send('note.add', { text: 'Consumers paused on every node', severity: 'info' }).done;
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    for (const kind of ['warning', 'normal', 'warning', 'normal'] as const) {
      await runtime.record(HUB_ACTOR, [{ type: 'series.alerted', payload: { seriesId: 'orders', kind, value: 4100, message: `Orders queue ${kind}` } }]);
    }
    await lead.send('note.add', { text: 'Lena checking the load balancer', severity: 'issue' }).done;
    const page = await join('lead', 'Lena');
    const timeline = page.locator('.timeline');
    await expect.poll(() => timeline.textContent()).toContain('Lena checking the load balancer');

    const group = page.getByTestId('timeline-group');
    expect(await group.textContent()).toMatch(/: 4 alerts, \d\d:\d\d–\d\d:\d\d/);
    await group.getByRole('button').click();
    expect(await group.locator('.tl').count()).toBe(4);

    await page.getByTestId('tl-kind-notes').click();
    await expect
      .poll(() => timeline.locator('.timeline__list > .tl').allTextContents())
      .toEqual([expect.stringContaining('Lena checking the load balancer'), expect.stringContaining('Consumers paused on every node')]);
    await page.getByTestId('tl-person').selectOption({ label: 'Dan' });
    await expect.poll(() => timeline.locator('.timeline__list > .tl').allTextContents()).toEqual([expect.stringContaining('Consumers paused on every node')]);
    await screenshot(page, 'glance-timeline-filtered');
    await page.getByTestId('tl-kind-alerts').click();
    expect(await timeline.locator('.timeline__list > .tl').count()).toBe(0);
    await page.getByTestId('tl-person').selectOption({ label: 'Hub' });
    await expect.poll(() => timeline.locator('.timeline__list > .tl').count()).toBe(1);
    expect(await page.getByTestId('timeline-group').count()).toBe(1);
  });
});

import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HubClient } from '@shared/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { CheckConfigSchema } from '@shared/checks';
import { webJoinLink } from '@shared/protocol';
import { databaseCutoverTemplate, templateChecks } from '@shared/runbook/template';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, step, until, type TestHub } from '../support/hubHarness';
import { requireService, unique } from '../support/services';

/*
 * The approver watches the poll board while the evidence changes: the row counts of the old
 * and the new database differ by one, the missing row is copied, the condition turns met on
 * its own, and the GO goes through without an override.
 */

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const enabled = browserAvailable() && webBuildAvailable() && (await requireService('PostgreSQL', '127.0.0.1', 5432));

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('copy', 'Copy the orders to the new database', 0, 10, []),
        step('gate', 'Go/no-go: switch traffic', 10, 5, ['copy'], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch traffic to the new database', 15, 20, ['gate']),
      ],
    },
  ],
};

let browser: Browser;
let t: TestHub | undefined;
let admin: pg.Client | undefined;
const contexts: BrowserContext[] = [];
const oldDb = unique('old');
const newDb = unique('new');

/** The check both tests define: the orders' row counts on the old and the new database (`newWhere` filters the new side). */
const rowCountCheck = (newWhere = '') => ({
  id: 'orders-rows',
  name: 'orders row counts',
  intervalSec: 2,
  spec: {
    kind: 'sql' as const,
    source: { kind: 'postgres' as const, url: PG_URL, query: `SELECT count(*) FROM ${oldDb}.orders` },
    compare: {
      to: 'query' as const,
      source: { kind: 'postgres' as const, url: PG_URL, query: `SELECT count(*) FROM ${newDb}.orders ${newWhere}`.trim() },
      tolerance: 0,
    },
  },
});

/** A page of `hub` as `name`, joined by the link of `role`, with page errors in the log. */
async function openAs(hub: TestHub, role: 'lead' | 'approver', name: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] ${e.message}`));
  await page.addInitScript({ content: `localStorage.setItem('warroom.name', ${JSON.stringify(name)})` });
  await page.goto(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens[role] }));
  return page;
}

/** One verification step, the row counts bound to it, the night started and the step running. */
async function runningVerifiedStep(title: string, newWhere = ''): Promise<{ hub: TestHub; lead: HubClient }> {
  const verified: RunbookPlan = {
    phases: [{ id: 'p1', title: 'Copy', steps: [step('verify', 'Every order is in the new database', 0, 10, [], { kind: 'verification' })] }],
  };
  const hub = await startTestHub({ staticDir: WEB_ROOT }, verified, Date.now() - 5 * 60_000);
  const lead = hub.client('lead', 'Lena');
  await live(lead);
  await lead.send('cutover.update', { title }).done;
  await lead.send('check.define', { check: { ...rowCountCheck(newWhere), step: { stepId: 'verify', completes: 'person' } } }).done;
  await lead.send('cutover.start', {}).done;
  await lead.send('step.start', { stepId: 'verify' }).done;
  return { hub, lead };
}

beforeAll(async () => {
  if (!enabled) return;
  browser = await launchBrowser();
  admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (const s of [oldDb, newDb]) await admin.query(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.orders (id int primary key)`);
  await admin.query(`INSERT INTO ${oldDb}.orders SELECT g FROM generate_series(1, 1000) g`);
  await admin.query(`INSERT INTO ${newDb}.orders SELECT id FROM ${oldDb}.orders WHERE id <> 777`);
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await t?.stop();
  for (const s of [oldDb, newDb]) await admin?.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await admin?.end();
});

describe.skipIf(!enabled)('a poll condition bound to a check, in Chromium', () => {
  it('turns from unmet to met while the approver watches, then GO', { timeout: 90_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.update', { title: 'Orders move' }).done;
    await lead.send('check.define', { check: rowCountCheck() }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'copy' }).done;
    await lead.send('poll.open', {
      question: 'Switch traffic to the new database?',
      stations: ['role:approver'],
      gateStepId: 'gate',
      conditions: [{ text: 'Every order copied', checkId: 'orders-rows' }],
    }).done;

    const cto = await openAs(t, 'approver', 'Chris', { width: 1440, height: 900 });
    await cto.getByRole('heading', { name: 'Orders move' }).waitFor();
    await cto.getByRole('tab', { name: /Go\/No-go/ }).click();

    const condition = cto.locator('article.poll [data-testid="check-condition"]').first();
    await expect.poll(() => condition.locator('[data-testid="check-status"]').getAttribute('data-tone'), { timeout: 15_000 }).toBe('unmet');
    expect(await condition.textContent()).toContain('✕ not met · 1,000 vs 999: differ by 1 (tolerance 0)');
    await expect.poll(() => cto.getByTestId('all-conditions-met').count()).toBe(0);
    await screenshot(cto, 'checks-condition-unmet');

    await admin!.query(`INSERT INTO ${newDb}.orders VALUES (777)`);
    await expect.poll(() => condition.locator('[data-testid="check-status"]').getAttribute('data-tone'), { timeout: 15_000 }).toBe('met');
    expect(await condition.textContent()).toContain('✓ met · 1,000 and 1,000: the same');
    await cto.getByTestId('all-conditions-met').first().waitFor();
    await screenshot(cto, 'checks-condition-met');

    await cto.getByTestId('decision-panel').getByRole('button', { name: 'Decide GO…' }).click();
    await cto.getByRole('dialog').locator('textarea').fill('Row counts match on both sides');
    await cto.getByRole('button', { name: 'Record GO' }).click();
    await until(lead, (c) => c.state.steps.gate!.status === 'done', 10_000, 'the gate passed');
    expect(lead.state.decisions.at(-1)).toMatchObject({ decision: 'go', rationale: 'Row counts match on both sides', by: { name: 'Chris' } });
    expect(lead.state.decisions.at(-1)!.override).toBeUndefined();
  });

  it('shows a condition’s pass read long ago as an old reading, not met, and asks for an override on GO', { timeout: 90_000 }, async () => {
    let clock = Date.now();
    const hub = await startTestHub({ staticDir: WEB_ROOT, now: () => clock }, RUNBOOK, clock - 5 * 60_000);
    try {
      const lead = hub.client('lead', 'Lena');
      await live(lead);
      await lead.send('cutover.update', { title: 'Old reading night' }).done;
      // The old side against itself: it passes.
      const same = { kind: 'postgres' as const, url: PG_URL, query: `SELECT count(*) FROM ${oldDb}.orders` };
      await lead.send('check.define', {
        check: {
          id: 'orders-rows',
          name: 'orders row counts',
          intervalSec: 2,
          spec: { kind: 'sql', source: same, compare: { to: 'query', source: same, tolerance: 0 } },
        },
      }).done;
      await lead.send('cutover.start', {}).done;
      await lead.send('step.complete', { stepId: 'copy' }).done;
      await lead.send('poll.open', {
        question: 'Switch traffic to the new database?',
        stations: ['role:lead'],
        gateStepId: 'gate',
        conditions: [{ text: 'Every order copied', checkId: 'orders-rows' }],
      }).done;
      const pollId = lead.state.pollOrder[0]!;
      await until(lead, (c) => c.state.checks['orders-rows']?.last?.pass === true, 10_000, 'the pass');
      // The lead closes the round by hand: nothing reads the condition's check after that.
      await lead.send('poll.close', { pollId }).done;
      // Half a minute over: the page reads the hub's time through its measured offset, a moment either way.
      clock += 40.5 * 60_000;

      const cto = await openAs(hub, 'approver', 'Chris', { width: 1440, height: 900 });
      await cto.getByRole('heading', { name: 'Old reading night' }).waitFor();
      await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
      const condition = cto.locator('article.poll [data-testid="check-condition"]').first();
      await expect.poll(() => condition.textContent()).toContain('read 40m ago: run it again');
      expect(await cto.getByTestId('all-conditions-met').count()).toBe(0);
      await cto.locator('article.poll').getByRole('button', { name: 'Decide GO…' }).click();
      const dialog = cto.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'GO over an unmet condition' }).waitFor();
      expect(await dialog.textContent()).toContain('“Every order copied” (last passed 40m ago: not read since)');
      await screenshot(cto, 'checks-condition-old-reading');
      lead.stop();
    } finally {
      await hub.stop();
    }
  });

  it('shows a failing check bound to the gate beside the poll’s conditions, and asks for an override on GO', { timeout: 90_000 }, async () => {
    const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    try {
      const lead = hub.client('lead', 'Lena');
      await live(lead);
      await lead.send('cutover.update', { title: 'Gate check night' }).done;
      await lead.send('check.define', { check: { ...rowCountCheck('WHERE id <> 1'), step: { stepId: 'gate', completes: 'person' } } }).done;
      await lead.send('cutover.start', {}).done;
      await lead.send('step.complete', { stepId: 'copy' }).done;
      await lead.send('poll.open', { question: 'Switch traffic to the new database?', stations: ['role:lead'], gateStepId: 'gate', conditions: ['Crew ready'] })
        .done;
      await lead.send('poll.check', { pollId: lead.state.pollOrder[0]!, index: 0, met: true }).done;
      await until(lead, (c) => c.state.checks['orders-rows']?.last?.pass === false, 10_000, 'the gate’s check failing');

      const cto = await openAs(hub, 'approver', 'Chris', { width: 1440, height: 900 });
      await cto.getByRole('heading', { name: 'Gate check night' }).waitFor();
      await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
      const gateCheck = cto.getByTestId('gate-check').first();
      await expect.poll(() => gateCheck.textContent()).toContain('Gate’s check “orders row counts”');
      expect(await cto.getByTestId('all-conditions-met').count()).toBe(0);
      await cto.getByRole('button', { name: 'Decide GO…' }).first().click();
      const dialog = cto.getByRole('dialog');
      await dialog.getByRole('heading', { name: 'GO over an unmet condition' }).waitFor();
      // The other tests here copy rows in and out: the counts differ, by how many is theirs.
      expect(await dialog.textContent()).toMatch(/the gate’s check “orders row counts” \(1,000 vs \d{3}: differ by \d/);
      await screenshot(cto, 'checks-gate-check-failing');
      lead.stop();
    } finally {
      await hub.stop();
    }
  });

  it('the lead binds a condition to a check in the open-poll form; a gate that requires its checks waits for them', { timeout: 90_000 }, async () => {
    const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    try {
      const lead = hub.client('lead', 'Lena');
      await live(lead);
      await lead.send('cutover.update', { title: 'Orders move, again' }).done;
      await lead.send('check.define', { check: rowCountCheck('WHERE id <> 1') }).done;
      await lead.send('cutover.start', {}).done;
      await lead.send('step.complete', { stepId: 'copy' }).done;
      await lead.send('check.run', { checkId: 'orders-rows' }).done;
      await until(lead, (c) => c.state.checks['orders-rows']?.last?.pass === false, 15_000, 'the check failed once');

      const page = await openAs(hub, 'lead', 'Lena', { width: 1440, height: 900 });
      await page.getByRole('heading', { name: 'Orders move, again' }).waitFor();
      await page.getByRole('tab', { name: /Go\/No-go/ }).click();
      await page.getByRole('button', { name: 'Open a go/no-go poll' }).click();
      const form = page.getByRole('form', { name: 'Open a go/no-go poll' });
      await form.getByLabel('Role: approver').check();
      await form.getByRole('group', { name: 'Conditions the hub checks' }).getByLabel('orders row counts').check();
      await form.getByLabel(/Open only once every check/).check();
      await screenshot(page, 'checks-open-poll-form');
      await form.getByRole('button', { name: 'Open poll' }).click();

      // The rows differ, so the hub refuses to open the gate's poll, and says which check.
      await expect.poll(() => page.getByTestId('refusal').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining('orders row counts'));
      expect(lead.state.pollOrder).toEqual([]);

      // Without the requirement it opens, with the condition bound to the check.
      await form.getByLabel(/Open only once every check/).uncheck();
      await form.getByRole('button', { name: 'Open poll' }).click();
      await until(lead, (c) => c.state.pollOrder.length === 1, 10_000, 'the poll opened');
      const poll = lead.state.polls[lead.state.pollOrder[0]!]!;
      expect(poll.conditions).toMatchObject([{ text: 'orders row counts', checkId: 'orders-rows' }]);
      await page.locator('article.poll [data-testid="check-condition"]').first().waitFor();

      // A new check named as the one the condition reads is refused, not put in its place,
      // and the form stays with what was typed.
      await page.getByTestId('refusal').getByRole('button', { name: 'Dismiss' }).click();
      await page.getByRole('button', { name: 'Define a check…' }).click();
      const define = page.getByRole('form', { name: 'Define a check' });
      await define.getByLabel('Name', { exact: true }).fill('Orders rows');
      await define.locator('select').first().selectOption('http'); // Kind
      await define.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/health');
      await define.getByRole('button', { name: 'Save check' }).click();
      await expect
        .poll(() => page.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining('A check named “orders row counts” is already set up'));
      expect(await define.getByLabel('Name', { exact: true }).inputValue()).toBe('Orders rows');
      expect(lead.state.checks['orders-rows']!.config.spec.kind).toBe('sql');
    } finally {
      await hub.stop();
    }
  });

  it('offers no plain Done on a step whose check fails, only Complete anyway… with a reason', { timeout: 60_000 }, async () => {
    const { hub, lead } = await runningVerifiedStep('Orders move, checked', 'WHERE id <> 1');
    try {
      await lead.send('check.run', { checkId: 'orders-rows' }).done;
      await until(lead, (c) => c.state.checks['orders-rows']?.last?.pass === false, 15_000, 'the check failed once');

      const page = await openAs(hub, 'lead', 'Lena', { width: 1280, height: 720 });
      const row = page.locator('[data-step-id="verify"]');
      await row.getByTestId('step-checks').waitFor();
      // The hub would refuse a plain Done: it is not offered, and the way that is, is.
      await expect
        .poll(async () => (await row.locator('.step__actions button').allTextContents()).map((x) => x.trim()))
        .toEqual(['Fail…', 'Blocked…', 'Note…']);
      // It keeps failing: its runs fold into the line of the first failure instead of one line each.
      const results = () => lead.events.filter((e) => e.type === 'check.evaluated').length;
      while (results() < 3) {
        const before = results();
        await lead.send('check.run', { checkId: 'orders-rows' }).done;
        await until(lead, () => results() > before, 15_000, 'another run');
      }
      const folded = page.getByTestId('timeline-group').filter({ hasText: 'orders row counts' });
      await expect
        .poll(() => folded.textContent())
        .toMatch(/Check “orders row counts” failed: 1,000 vs 999: differ by 1 \(tolerance 0\) · the same \d+ more times?, to \d\d:\d\d/);
      expect(await page.locator('.timeline .tl').filter({ hasText: 'Check “orders row counts” failed' }).count()).toBe(1);
      await row.getByRole('button', { name: 'Complete anyway…' }).click();
      await page.getByRole('dialog').locator('textarea').fill('Order 1 is a test order, deleted on purpose');
      await screenshot(page, 'checks-complete-anyway');
      await page.getByRole('dialog').getByRole('button', { name: 'Complete anyway', exact: true }).click();
      await until(lead, (c) => c.state.steps.verify!.status === 'done', 10_000, 'the step done over its check');
    } finally {
      await hub.stop();
    }
  });

  it('adds the template’s example checks once, and keeps one the lead already set up as it is', { timeout: 60_000 }, async () => {
    const hub = await startTestHub({ staticDir: WEB_ROOT }, databaseCutoverTemplate(), Date.now() - 5 * 60_000);
    try {
      const lead = hub.client('lead', 'Lena');
      await live(lead);
      await lead.send('cutover.update', { title: 'Orders move, from the template' }).done;
      // The lead pointed the replication example at the real replica, with a tighter line.
      const example = CheckConfigSchema.parse(templateChecks()[0]);
      const pointed = {
        ...example,
        name: 'Replica within 2 s',
        spec: {
          kind: 'sql' as const,
          source: { kind: 'postgres' as const, url: PG_URL, query: 'SELECT 0' },
          compare: { to: 'constant' as const, op: 'below' as const, value: 2 },
        },
      };
      await lead.send('check.define', { check: pointed }).done;

      const page = await openAs(hub, 'lead', 'Lena');
      await page.getByRole('heading', { name: 'Orders move, from the template' }).waitFor();
      await page.getByRole('tab', { name: /Go\/No-go/ }).click();
      await page.getByRole('button', { name: 'Define a check…' }).click();
      await page.getByRole('button', { name: 'Add the template’s example checks' }).dblclick();

      await until(lead, (c) => c.state.checkOrder.length === 3, 10_000, 'the other two examples added');
      expect(lead.state.checkOrder).toEqual(['replication-caught-up', 'orders-row-counts', 'sequences-above-max']);
      // Kept as the lead left it: its name, its database, its line.
      expect(lead.state.checks['replication-caught-up']!.config).toEqual(pointed);
      await expect
        .poll(() => page.getByTestId('examples-said').allTextContents(), { timeout: 10_000 })
        .toEqual(['Added 2 example checks. “Replica within 2 s” was already set up and kept as it is.']);
      await screenshot(page, 'checks-examples-added');
      // Each example went in once: a double click sent no second round for the hub to refuse.
      expect(lead.events.filter((e) => e.type === 'check.defined')).toHaveLength(3);
      expect(await page.getByTestId('refusal').count()).toBe(0);
    } finally {
      await hub.stop();
    }
  });

  it('asks before a check goes, and why when it still guards a running step; the timeline says it', { timeout: 60_000 }, async () => {
    const { hub, lead } = await runningVerifiedStep('Orders move, guarded');
    try {
      const page = await openAs(hub, 'lead', 'Lena');
      await page.getByRole('heading', { name: 'Orders move, guarded' }).waitFor();
      await page.getByRole('tab', { name: /Go\/No-go/ }).click();
      const row = page.locator('[data-check-id="orders-rows"]');
      // "Remove" sits beside "Run now": a click on it asks first, and the check stays meanwhile.
      await row.getByRole('button', { name: 'Remove' }).click();
      const dialog = page.getByRole('dialog', { name: 'Remove the check “orders row counts”' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('It verifies “Every order is in the new database”, which is not done');
      const confirm = dialog.getByRole('button', { name: 'Remove the check' });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForTimeout(300);
      expect(lead.state.checkOrder).toEqual(['orders-rows']);

      await row.getByRole('button', { name: 'Remove' }).click();
      await dialog.getByLabel('Why it goes (put on the record)').fill('The new database counts archived orders too; counted by hand');
      await screenshot(page, 'checks-remove-guarded');
      await confirm.click();
      await until(lead, (c) => c.state.checkOrder.length === 0, 10_000, 'the check removed');
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await expect
        .poll(() => page.locator('.timeline .tl').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining('Check “orders row counts” removed: The new database counts archived orders too; counted by hand'));
    } finally {
      await hub.stop();
    }
  });

  it('offers no plain Done on a step whose check passed hours ago and was not read since, and says to run it again', { timeout: 60_000 }, async () => {
    let clock = Date.now();
    const verified: RunbookPlan = {
      phases: [{ id: 'p1', title: 'Copy', steps: [step('verify', 'Every order is in the new database', 0, 10, [], { kind: 'verification' })] }],
    };
    const hub = await startTestHub({ staticDir: WEB_ROOT, now: () => clock }, verified, clock - 5 * 60_000);
    try {
      const lead = hub.client('lead', 'Lena');
      await live(lead);
      await lead.send('cutover.update', { title: 'Stale check night' }).done;
      // The old side against itself: it passes.
      const same = { kind: 'postgres' as const, url: PG_URL, query: `SELECT count(*) FROM ${oldDb}.orders` };
      const check = {
        id: 'orders-rows',
        name: 'orders row counts',
        intervalSec: 2,
        spec: { kind: 'sql' as const, source: same, compare: { to: 'query' as const, source: same, tolerance: 0 } },
      };
      await lead.send('check.define', { check: { ...check, step: { stepId: 'verify', completes: 'person' } } }).done;
      await lead.send('cutover.start', {}).done;
      await lead.send('check.run', { checkId: 'orders-rows' }).done;
      await until(lead, (c) => c.state.checks['orders-rows']?.last?.pass === true, 10_000, 'the pass');
      // Half a minute past three hours: the page's reading of the hub's clock is off by a few
      // milliseconds either way, and at exactly three hours it said "2h 59m" now and then.
      clock += 3 * 60 * 60_000 + 30_000;

      const page = await openAs(hub, 'lead', 'Lena');
      await page.getByRole('heading', { name: 'Stale check night' }).waitFor();
      const row = page.locator('[data-step-id="verify"]');
      await expect.poll(() => row.getByTestId('step-checks').textContent()).toContain('read 3h 00m ago: run it again');
      expect(await row.locator('.step__actions button').allTextContents()).not.toContain('Done');
      await screenshot(page, 'check-stale-pass');
      lead.stop();
    } finally {
      await hub.stop();
    }
  });
});

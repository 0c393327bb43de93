import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, step, tempDir, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();
// axe-core is injected as its own source text, the way its docs show for any browser driver.
const AXE_SOURCE: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

type Theme = 'dark' | 'light';
const THEMES: Theme[] = ['dark', 'light'];

/** A night with a gate, so there is a poll to answer and a decision to record. */
const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch to AWS',
      steps: [
        step('prep', 'Terminate the cron jobs', 0, 10, [], { rollbackNote: 'Start the cron jobs again' }),
        step('gate', 'Go/no-go: switch DNS and MySQL writes', 10, 5, ['prep'], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch DNS and MySQL writes to AWS', 15, 30, ['gate'], { pointOfNoReturn: true }),
      ],
    },
    { id: 'p2', title: 'Verify', steps: [step('verify', 'Check replication', 45, 10, ['switch'], { kind: 'verification' })] },
  ],
};

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

/** axe's serious and critical findings on the page as it is now, one readable line per element. */
async function audit(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id} at ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`));
}

const CONTROLS = 'button, a[href], input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/**
 * Walks the page with the Tab key as a keyboard user would, then names every visible, enabled
 * control the walk never reached, and every one that took focus without a visible mark.
 */
async function keyboardWalk(page: Page): Promise<string[]> {
  // The walk starts wherever focus is and goes round once: past the last control, Tab leaves the
  // page for a step or two and comes back to the first, until a control comes round again.
  const problems: string[] = [];
  for (let i = 0, outside = 0; i < 400 && outside < 3; i++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return 'out';
      if (el.dataset.a11yReached) return 'again';
      el.dataset.a11yReached = '1';
      const css = getComputedStyle(el);
      const marked = (css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) > 0) || css.boxShadow !== 'none';
      return marked ? 'ok' : `no visible focus on ${el.outerHTML.slice(0, 120)}`;
    });
    if (step === 'again') break;
    outside = step === 'out' ? outside + 1 : 0;
    if (step !== 'ok' && step !== 'out') problems.push(step);
  }
  const unreached = await page.evaluate((selector) => {
    const reachedRadio = new Set([...document.querySelectorAll<HTMLInputElement>('input[type="radio"][data-a11y-reached]')].map((r) => r.name));
    // Behind an open modal dialog the page is inert (renderer/ui/useModalDialog.ts): out of Tab's reach by design.
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.checkVisibility() && !(el as HTMLButtonElement).disabled && !el.dataset.a11yReached && !el.closest('[inert]'))
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio' && reachedRadio.has(el.name)))
      .map((el) => `not reachable by Tab: ${el.outerHTML.slice(0, 120)}`);
  }, CONTROLS);
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('[data-a11y-reached]').forEach((el) => delete el.dataset.a11yReached));
  return [...problems, ...unreached];
}

let browser: Browser;
let t: TestHub;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await t?.stop();
});

/** A fresh browser profile in `theme`; with a name, the join link goes straight in. */
async function open(theme: Theme, link: string, name?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name ?? 'page'}] ${e.message}`));
  await page.addInitScript({
    content: `localStorage.setItem('warroom.theme', ${JSON.stringify(theme)});${name ? `localStorage.setItem('warroom.name', ${JSON.stringify(name)});` : ''}`,
  });
  await page.goto(link);
  return page;
}

describe.skipIf(!enabled)('every main screen, both themes, read by axe-core', () => {
  it('has no serious or critical violation', { timeout: 180_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'prep' }).done;
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('note.add', { text: 'Cron jobs stopped on every node', severity: 'info' }).done;
    await lead.send('poll.open', {
      question: 'Switch DNS and MySQL writes?',
      stations: ['role:approver', 'role:operator'],
      gateStepId: 'gate',
      conditions: ['Lag under 2 s'],
    }).done;
    const link = (role: keyof TestHub['tokens']) => webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens[role] });

    const archiveRes = await fetch(`${t.hub.url}/api/cutovers/${t.cutoverId}/archive`, { headers: { authorization: `Bearer ${t.tokens.observer}` } });
    expect(archiveRes.status).toBe(200);
    const archive = join(await tempDir('warroom-a11y-'), 'night.warroom.json');
    await writeFile(archive, await archiveRes.text());

    const found: Record<string, string[]> = {};
    for (const theme of THEMES) {
      const check = async (page: Page, screen: string) => {
        found[`${screen} (${theme})`] = [...(await audit(page)), ...(await keyboardWalk(page))];
        await screenshot(page, `a11y-${screen}-${theme}`);
      };

      const start = await open(theme, `${t.hub.url}/`);
      await start.getByRole('heading').first().waitFor();
      await check(start, 'web-start');

      const prompt = await open(theme, link('operator'));
      await prompt.getByRole('textbox').first().waitFor();
      await check(prompt, 'name-prompt');

      const leadPage = await open(theme, link('lead'), 'Lena');
      await leadPage.getByRole('heading', { name: 'Database cutover' }).waitFor();
      await check(leadPage, 'runbook');
      await leadPage.getByRole('tab', { name: /Go\/No-go/ }).click();
      await leadPage.locator('article.poll').first().waitFor();
      await check(leadPage, 'go-no-go-lead');
      await leadPage.getByRole('tab', { name: 'Comms' }).click();
      await check(leadPage, 'comms');
      await leadPage.getByRole('tab', { name: 'Crew' }).click();
      await check(leadPage, 'crew');

      const approver = await open(theme, link('approver'), 'Chris');
      await approver.getByRole('heading', { name: 'Database cutover' }).waitFor();
      await approver.getByTestId('decision-panel').waitFor();
      await approver.getByRole('tab', { name: /Go\/No-go/ }).click();
      await approver.locator('article.poll').first().waitFor();
      await check(approver, 'go-no-go-approver');
      await approver.getByTestId('decision-panel').getByRole('button', { name: 'Decide GO…' }).click();
      await approver.getByRole('dialog').waitFor();
      await check(approver, 'decide-dialog');
      await approver.keyboard.press('Escape');
      await approver.getByRole('dialog').waitFor({ state: 'detached' });
      // A red confirm, ready to press: its text is read on the red as any other.
      await approver.locator('[data-step-id="switch"]').getByRole('button', { name: 'Cross without a GO…' }).click();
      await approver.getByRole('dialog').getByLabel('Type CROSS to confirm').fill('CROSS');
      await approver.getByRole('dialog').locator('textarea').fill('The provider moved DNS already');
      await check(approver, 'cross-dialog');
      await approver.keyboard.press('Escape');
      await approver.getByRole('dialog').waitFor({ state: 'detached' });
      // The approver's side panel is the narrowest: the "1 open" badge stays inside its tab, on one line.
      const tab = await approver.getByRole('tab', { name: /Go\/No-go/ }).boundingBox();
      const badge = await approver.getByTestId('open-polls').boundingBox();
      const timelineTab = await approver.getByRole('tab', { name: 'Timeline' }).boundingBox();
      expect(badge!.x).toBeGreaterThanOrEqual(tab!.x);
      expect(badge!.x + badge!.width).toBeLessThanOrEqual(tab!.x + tab!.width);
      expect(tab!.height).toBe(timelineTab!.height);

      const review = await open(theme, `${t.hub.url}/#/review`);
      await review.getByTestId('archive-input').setInputFiles(archive);
      await review.getByRole('heading', { name: 'Database cutover' }).waitFor();
      await check(review, 'review');
    }
    // Rolling back: the header's status badge, filled red, in both themes.
    const cto = t.client('approver', 'Chris');
    await live(cto);
    await cto.send('decision.record', { decision: 'rollback', rationale: 'Replication never caught up' }).done;
    for (const theme of THEMES) {
      const page = await open(theme, link('lead'), 'Lena');
      await page.getByTestId('rollback-banner').waitFor();
      found[`rolling-back (${theme})`] = await audit(page);
      await screenshot(page, `a11y-rolling-back-${theme}`);
    }
    const failures = Object.entries(found).flatMap(([screen, lines]) => lines.map((l) => `${screen}: ${l}`));
    expect(failures).toEqual([]);
  });
});

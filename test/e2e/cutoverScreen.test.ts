import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub } from '../../electron/hub/hub';
import type { HubClient } from '@shared/client';
import type { Role } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { listTemplates } from '@shared/runbook';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();
const TEMPLATE = listTemplates()[0]!.plan;

let browser: Browser;
let t: TestHub;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (enabled) browser = await launchBrowser();
});
afterAll(async () => browser?.close());
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await t?.stop();
});

/** A fresh browser profile per person, joined by their link with their name. */
async function join(role: Role, name: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] ${e.message}`));
  await page.addInitScript((n) => localStorage.setItem('warroom.name', n), name);
  await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens[role] }));
  await page.getByRole('heading', { name: 'Database cutover' }).waitFor();
  return page;
}

/** A hub whose night's window opened `minutesAgo` minutes ago, the night started (T0) by the lead Lina, whose client it returns. */
async function startedNight(minutesAgo: number): Promise<HubClient> {
  t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - minutesAgo * 60_000);
  const lina = t.client('lead', 'Lina');
  await live(lina);
  await lina.send('cutover.start', {}).done;
  return lina;
}

const row = (page: Page, stepId: string) => page.locator(`[data-step-id="${stepId}"]`);

/** A night the lead Lena has started in the browser, the keyboard's focus on the page. */
async function leadAtTheKeyboard(): Promise<Page> {
  t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
  const lead = await join('lead', 'Lena');
  await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
  await expect.poll(() => lead.getByTestId('cutover-status').textContent()).toBe('in progress');
  await lead.locator('body').click({ position: { x: 5, y: 5 } });
  return lead;
}
const FIRST = 'open';

/**
 * The first moment the runbook is in the page (a MutationObserver, run once React has put it
 * there): how many step rows it holds then, and how many of those show their planned times.
 */
const FIRST_RUNBOOK = `new MutationObserver((_, observer) => {
  const runbook = document.querySelector('section.runbook');
  if (!runbook) return;
  observer.disconnect();
  const rows = [...runbook.querySelectorAll('[data-step-id]')];
  window.__firstRunbook = { rows: rows.length, timed: rows.filter((r) => /plan \\d\\d:\\d\\d–\\d\\d:\\d\\d/.test(r.textContent || '')).length };
}).observe(document, { childList: true, subtree: true });`;

describe.skipIf(!enabled)('the cutover screen in a browser against a real hub', () => {
  it('draws every step of the night with its times at once, not a runbook that fills in a frame later', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.addInitScript({ content: FIRST_RUNBOOK });
    await page.addInitScript(() => localStorage.setItem('warroom.name', 'Lena'));
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    const first = await (await page.waitForFunction(() => (window as unknown as { __firstRunbook?: unknown }).__firstRunbook)).jsonValue();
    const steps = TEMPLATE.phases.flatMap((p) => p.steps).length;
    expect(first).toEqual({ rows: steps, timed: steps });

    // A step added while the page is open: its row comes in the same drawing as the phase's new
    // count, not a frame after it.
    await page.evaluate(`new MutationObserver((_, observer) => {
      const counts = [...document.querySelectorAll('.phase__progress')].map((p) => Number((p.textContent || '').split('/')[1]));
      if (counts.reduce((a, b) => a + b, 0) !== ${steps + 1}) return;
      observer.disconnect();
      const added = document.querySelector('[data-step-id="warm"]');
      window.__added = { row: added !== null, timed: /plan \\d\\d:\\d\\d/.test(added?.textContent || '') };
    }).observe(document.querySelector('section.runbook'), { childList: true, subtree: true, characterData: true });`);
    const lina = t.client('lead', 'Lina');
    await live(lina);
    await lina.send('step.add', {
      phaseId: 'p1',
      afterStepId: 'open',
      step: { id: 'warm', title: 'Warm the caches', owner: 'SRE', plannedOffsetMin: 5, plannedDurationMin: 5, dependsOn: ['open'] },
    }).done;
    const added = await (await page.waitForFunction(() => (window as unknown as { __added?: unknown }).__added)).jsonValue();
    expect(added).toEqual({ row: true, timed: true });
  });

  it('draws a night it joins once all of it is there, not from what it read before the hub said it was caught up', async () => {
    const lina = await startedNight(5);
    await Promise.all(Array.from({ length: 20 }, (_, i) => lina.send('note.add', { text: `lag check ${i + 1}`, severity: 'info' }).done));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    // How many `pong` frames the page's socket has handed to the page.
    await page.addInitScript(`localStorage.setItem('warroom.name', 'Lena');
      window.__pongs = 0;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url, protocols) {
          super(url, protocols);
          this.addEventListener('message', (e) => { if (String(e.data).startsWith('{"t":"pong"')) window.__pongs++; });
        }
      };`);
    // The hub's `synced` is held on its way to the page until released; everything else passes.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/ws\//, (ws) => {
      const hub = ws.connectToServer();
      hub.onMessage((m) => {
        if (typeof m === 'string' && m.startsWith('{"t":"synced"')) void held.then(() => ws.send(m));
        else ws.send(m);
      });
    });
    await page.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    // The answer to the page's first ping has come, with the whole catch-up before it: the page
    // has read the night, and waits for the hub to say that is all of it.
    await page.waitForFunction(() => (window as unknown as { __pongs: number }).__pongs > 0);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    expect(await page.getByTestId('conn-banner').textContent()).toContain('Catching up with the hub…');
    expect(await page.locator('[data-step-id]').count()).toBe(0);
    await screenshot(page, 'catching-up');

    release();
    await expect.poll(() => page.getByTestId('conn-banner').count()).toBe(0);
    expect(await page.locator('[data-step-id]').count()).toBe(TEMPLATE.phases.flatMap((p) => p.steps).length);
    expect(await page.getByTestId('cutover-status').textContent()).toBe('in progress');
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('lag check 20');
  });

  it("draws a teammate's step in its row, the timeline and the now line in one frame", async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const lead = await join('lead', 'Lena');
    const dan = t.client('operator', 'Dan');
    await live(dan);
    await t.client('lead', 'Lina').send('cutover.start', {}).done;
    await dan.send('step.start', { stepId: FIRST }).done;
    await expect.poll(() => lead.locator(`[data-now-step="${FIRST}"]`).count()).toBe(1);

    // The frame that paints the row as done: its animation-frame callback is asked for once
    // the row has changed, so it runs after any the page asked for before (they run in order),
    // and before that frame's style, layout and paint.
    await lead.evaluate(`new Promise((resolve) => {
      const row = document.querySelector('[data-step-id="${FIRST}"]');
      const mo = new MutationObserver(() => {
        if (row.getAttribute('data-status') !== 'done') return;
        mo.disconnect();
        requestAnimationFrame(() => {
          window.__doneFrame = {
            timeline: (document.querySelector('.timeline')?.textContent || '').includes('Done “Open the war room and take the roll call”'),
            nowLine: document.querySelector('[data-now-step="${FIRST}"]') !== null,
          };
        });
      });
      mo.observe(row, { attributes: true, attributeFilter: ['data-status'] });
      resolve(true);
    })`);
    await dan.send('step.complete', { stepId: FIRST }).done;
    const frame = await (await lead.waitForFunction(() => (window as unknown as { __doneFrame?: unknown }).__doneFrame)).jsonValue();
    expect(frame).toEqual({ timeline: true, nowLine: false });
  });

  it('passes a point of no return set by the clock in the header and the banner in one drawing', { timeout: 40_000 }, async () => {
    const lina = await startedNight(5);
    const lead = await join('lead', 'Lena');
    // Each batch of changes React makes to the page reaches a MutationObserver as one callback:
    // the header's chip and the banner noted by the callback that first showed each.
    await lead.evaluate(`new Promise((resolve) => {
      let batch = 0;
      const seen = {};
      const mo = new MutationObserver(() => {
        batch++;
        if ((document.querySelector('[data-testid="hdr-ponr"]')?.textContent || '').includes('passed')) seen.header ??= batch;
        if (document.querySelector('[data-testid="ponr-banner"]')) seen.banner ??= batch;
        if (seen.header && seen.banner) {
          mo.disconnect();
          window.__ponrPassed = seen;
        }
      });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true });
      resolve(true);
    })`);
    // Two seconds from now: before the template's flagged step, so the clock's binds.
    await lina.send('cutover.update', { pointOfNoReturnAt: Date.now() + 2_000 }).done;
    await expect.poll(() => lead.getByTestId('hdr-ponr').textContent()).toContain('no GO');
    // The banner's clock ticks every quarter minute: within 17 s of now both have said it.
    const seen = await (
      await lead.waitForFunction(() => (window as unknown as { __ponrPassed?: unknown }).__ponrPassed, null, { timeout: 25_000 })
    ).jsonValue();
    expect(await lead.getByTestId('ponr-banner').textContent()).toContain('Past the point of no return: it is past');
    const { header, banner } = seen as { header: number; banner: number };
    expect(header).toBe(banner);
    await screenshot(lead, 'ponr-passed-by-clock');
  });

  it('keeps every step title readable beside the side panel, its buttons never over it, from a half screen to a wide one', { timeout: 60_000 }, async () => {
    const lina = await startedNight(25);
    // Done rows carry the most buttons (Reopen…, Note…, and Compose update… on a comms step).
    for (const id of ['open', 'banner-start']) await lina.send('step.complete', { stepId: id }).done;
    for (const width of [1024, 1152, 1280, 1440]) {
      const page = await join('lead', 'Lena', { width, height: 800 });
      await row(page, 'banner-start').locator('.step__status--done').waitFor();
      const rows = await page.locator('[data-step-id]').evaluateAll((els) =>
        els.slice(0, 12).map((el) => {
          const titleEl = el.querySelector('.step__title')!;
          const title = titleEl.getBoundingClientRect();
          const actions = el.querySelector('.step__actions')!.getBoundingClientRect();
          const overlaps = title.right > actions.left && actions.right > title.left && title.bottom > actions.top && actions.bottom > title.top;
          return { step: el.getAttribute('data-step-id'), title: Math.round(title.width), overlaps, spills: titleEl.scrollWidth > titleEl.clientWidth };
        }),
      );
      if (width === 1024) await screenshot(page, 'runbook-half-screen');
      for (const r of rows) {
        expect(r.overlaps, `${width} px: ${r.step}'s buttons lie over its title`).toBe(false);
        expect(r.spills, `${width} px: ${r.step}'s title runs out of its column`).toBe(false);
        // 12rem: a few words a line, never a word broken over lines of its own.
        expect(r.title, `${width} px: ${r.step}'s title column`).toBeGreaterThanOrEqual(192);
      }
      await page.context().close();
    }
  });

  it("keeps each invite's buttons on one line in a half-screen window, its description wrapping instead", async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const page = await join('lead', 'Lena', { width: 1024, height: 800 });
    await page.getByRole('tab', { name: 'Crew' }).click();
    await page
      .locator('[data-invite="approver"]')
      .getByRole('button', { name: /Copy link/ })
      .waitFor();
    const heights = await page.locator('[data-invite] button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().height)));
    expect(heights.length).toBeGreaterThanOrEqual(10);
    // A label broken over two lines makes its button twice as tall as the others.
    expect(Math.max(...heights)).toBeLessThan(Math.min(...heights) * 1.3);
  });

  it('draws each step row and timeline line on its own, and nothing in one is cut off by it', async () => {
    const lina = await startedNight(25);
    // Rows holding the most: notes, a reason, names waited on, a gate's hint, every button.
    await lina.send('step.complete', { stepId: 'open' }).done;
    await lina.send('step.note', { stepId: 'open', text: 'Roll call: DBA, SRE and the app team are on the bridge; the vendor joins at 02:30.' }).done;
    await lina.send('step.block', { stepId: 'config', reason: 'Waiting for the change ticket to be approved by the second reviewer' }).done;
    await lina.send('note.add', { text: 'Replica lag is 4 s and falling; the snapshot waits for it to reach zero before it starts.', severity: 'info' }).done;
    for (const width of [1024, 1440]) {
      const page = await join('lead', 'Lena', { width, height: 900 });
      await row(page, 'config').locator('.step__reason').waitFor();
      // Focused as from the keyboard, for the screenshot: its ring is drawn past the button,
      // and must show whole (the rows are clipped a 0.25rem margin beyond their box).
      await row(page, 'config').getByRole('button').first().focus();
      await screenshot(page, `rows-contained-${width}`);
      // Paint containment clips at the box (and its 0.25rem margin): all that is in a row or a
      // line must lie inside it, or the containment that makes a step change cheap hides it.
      const boxes = await page.locator('[data-step-id], .timeline .tl').evaluateAll((els) =>
        els
          .filter((el) => el.getBoundingClientRect().height > 0)
          .map((el) => {
            const box = el.getBoundingClientRect();
            const margin = 4;
            const outside = [...el.querySelectorAll('*')].filter((d) => {
              const r = d.getBoundingClientRect();
              if (r.width === 0 && r.height === 0) return false;
              return r.left < box.left - margin || r.right > box.right + margin || r.top < box.top - margin || r.bottom > box.bottom + margin;
            });
            const contain = getComputedStyle(el).contain;
            const step = el.getAttribute('data-step-id');
            return {
              kind: step ? 'row' : 'line',
              what: step ?? (el.textContent ?? '').slice(0, 40),
              isolated: contain.includes('layout') && contain.includes('paint'),
              outside: outside.map((d) => `${d.tagName.toLowerCase()}.${d.className}`),
            };
          }),
      );
      expect(boxes.filter((b) => b.kind === 'row').length, `${width} px: rows drawn`).toBeGreaterThanOrEqual(6);
      expect(boxes.filter((b) => b.kind === 'line').length, `${width} px: timeline lines drawn`).toBeGreaterThanOrEqual(4);
      for (const b of boxes) {
        expect(b.isolated, `${width} px: "${b.what}" is drawn with the rest of the page`).toBe(true);
        expect(b.outside, `${width} px: "${b.what}" holds what lies outside it`).toEqual([]);
      }
      await page.context().close();
    }
  });

  it('shows a step completed in one window in the other, and on the timeline', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const lead = await join('lead', 'Lena');
    const dba = await join('operator', 'Dan');
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await expect.poll(() => dba.getByTestId('cutover-status').textContent()).toBe('in progress');

    await row(dba, FIRST).getByRole('button', { name: 'Start' }).click();
    await row(dba, FIRST).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('done');
    await expect.poll(() => lead.locator('.timeline').textContent()).toContain('Done “Open the war room and take the roll call”');
    expect(await row(lead, FIRST).textContent()).toContain('by Dan');
    await screenshot(lead, 'cutover-lead');
    await lead.getByRole('tab', { name: 'Crew' }).click();
    await expect.poll(() => lead.locator('[data-member="Dan"]').textContent()).toContain('operator');
    expect(await lead.locator('[data-member="Dan"]').textContent()).toContain('connected');
    await screenshot(lead, 'crew');
  });

  it('shows the hub’s refusal with its reason when a step changed under someone', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const lead = await join('lead', 'Lena');
    const dba = await join('operator', 'Dan');
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await expect.poll(() => row(dba, FIRST).getAttribute('data-status')).toBe('pending');
    await row(dba, FIRST).getByRole('button', { name: 'Skip…' }).click();
    await row(lead, FIRST).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(dba, FIRST).getAttribute('data-status')).toBe('done');
    await dba.getByRole('dialog').locator('textarea').fill('not needed tonight');
    await dba.getByRole('button', { name: 'Skip step' }).click();
    await expect.poll(() => dba.getByTestId('refusal').textContent()).toContain('“Open the war room and take the roll call” is done; it cannot be skipped');
    await screenshot(dba, 'refusal');
  });

  it('gives an observer nothing to change, and the hub refuses what they try anyway', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const observer = await join('observer', 'Olive');
    await row(observer, FIRST).waitFor();
    expect(await observer.locator('.step__actions button').count()).toBe(0);
    expect(await observer.locator('#note-composer').count()).toBe(0);
    // A tampered page speaks the protocol itself with the observer's token.
    const reply = await observer.evaluate(async () => {
      const q = new URLSearchParams(location.hash.split('?')[1]);
      const ws = new WebSocket(`ws://${location.host}/ws/${q.get('c')}`, ['warroom.v1', `warroom.token.${q.get('t')}`]);
      return new Promise<string>((resolve) => {
        ws.onopen = () => ws.send(JSON.stringify({ t: 'hello', protocol: 1, name: 'Olive', since: 0 }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(m.data as string) as { t: string; reason?: string };
          if (msg.t === 'synced') ws.send(JSON.stringify({ t: 'command', id: 'x', type: 'step.start', payload: { stepId: 'open' } }));
          if (msg.t === 'reject') resolve(msg.reason ?? '');
        };
      });
    });
    expect(reply).toBe('An observer may not start a step');
    await screenshot(observer, 'observer');
  });

  it('keeps everything across a reload', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const lead = await join('lead', 'Lena');
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await row(lead, FIRST).getByRole('button', { name: 'Done' }).click();
    await lead.keyboard.press('n');
    await lead.keyboard.type('Updating table sequences is taking longer than anticipated');
    await lead.keyboard.press('Enter');
    await expect.poll(() => lead.locator('.timeline').textContent()).toContain('taking longer than anticipated');
    await lead.reload();
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('done');
    // The copy kept in this browser may predate the note until the hub's catch-up brings it.
    await expect.poll(() => lead.locator('.timeline').textContent()).toContain('taking longer than anticipated');
    await expect.poll(() => lead.getByTestId('cutover-status').textContent()).toBe('in progress');
  });

  it("puts the very next keystroke after n, or the menu's Ctrl+Shift+N, in the note, from any side tab, never on the runbook", async () => {
    const lead = await leadAtTheKeyboard();
    await lead.getByRole('tab', { name: 'Crew' }).click();
    await lead.keyboard.press('j'); // a step is selected: s, f and b would act on it
    // A keystroke already queued behind n runs before any timer the page set: it goes to
    // whatever has the focus once n's handler has returned.
    const focused = await lead.evaluate(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'n', bubbles: true, cancelable: true }));
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true, cancelable: true }));
      return target.id;
    });
    expect(focused).toBe('note-composer');
    expect(await lead.getByRole('dialog').count()).toBe(0);
    await lead.keyboard.type('Sequences behind: table stats next');
    await lead.keyboard.press('Enter');
    await expect.poll(() => lead.locator('.timeline').textContent()).toContain('Sequences behind: table stats next');
    expect(await lead.getByRole('dialog').count()).toBe(0);
    expect(await lead.evaluate(() => document.documentElement.dataset.theme)).not.toBe('light');
    // The menu's Add note (Ctrl+Shift+N), whose keys the desktop app leaves to the page: the same.
    await lead.getByRole('tab', { name: 'Crew' }).click();
    await lead.locator('body').click({ position: { x: 5, y: 5 } });
    const byMenuKeys = await lead.evaluate(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'N', ctrlKey: true, shiftKey: true, bubbles: true, cancelable: true }));
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', bubbles: true, cancelable: true }));
      return target.id;
    });
    expect(byMenuKeys).toBe('note-composer');
    expect(await lead.getByRole('dialog').count()).toBe(0);
  });

  it('acts on the selected step only for a deliberate Enter: not one that presses a button, one held down, or the second of a double press a dialog took', async () => {
    const lead = await leadAtTheKeyboard();
    await lead.keyboard.press('j');
    // Enter on the help's Close closes the help; it does not start the step behind it.
    await lead.keyboard.press('?');
    const help = lead.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await lead.keyboard.press('Enter');
    await help.waitFor({ state: 'detached' });
    await lead.waitForTimeout(300);
    expect(await row(lead, FIRST).getAttribute('data-status')).toBe('pending');
    // Enter held down starts the step, and its repeats do not go on to complete it.
    await lead.waitForTimeout(600);
    await lead.keyboard.down('Enter');
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('in_progress');
    for (let i = 0; i < 5; i++) await lead.keyboard.down('Enter');
    await lead.keyboard.up('Enter');
    await lead.waitForTimeout(300);
    expect(await row(lead, FIRST).getAttribute('data-status')).toBe('in_progress');
    // A step's note sent with Enter, and Enter again at once: the note, and the step still running.
    await lead.keyboard.press('e');
    await lead.getByRole('dialog').waitFor();
    await lead.keyboard.type('Checked with the DBA');
    await lead.keyboard.press('Enter');
    await lead.keyboard.press('Enter');
    await expect.poll(() => lead.locator('.timeline').textContent()).toContain('Checked with the DBA');
    await lead.waitForTimeout(300);
    expect(await row(lead, FIRST).getAttribute('data-status')).toBe('in_progress');
    // A deliberate Enter still completes it.
    await lead.waitForTimeout(600);
    await lead.keyboard.press('Enter');
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('done');
  });

  it('keeps the page still while the hub takes a change at once, and says so when one waits', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const lead = await context.newPage();
    // Every banner that enters the page, however briefly: a MutationObserver sees it even if
    // it is gone before the frame is painted.
    await lead.addInitScript(`localStorage.setItem('warroom.name', 'Lena');
      window.__banners = [];
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && n.matches('.banner')) window.__banners.push(n.textContent);
      }).observe(document, { childList: true, subtree: true });`);
    // The lead's link to the hub, which holds each command 2.5 s on its way once `slow` is set.
    let slow = false;
    await lead.routeWebSocket(/\/ws\//, (ws) => {
      const hub = ws.connectToServer();
      ws.onMessage((m) => {
        if (slow && typeof m === 'string' && m.includes('"t":"command"')) setTimeout(() => hub.send(m), 2_500);
        else hub.send(m);
      });
    });
    await lead.goto(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }));
    await lead.getByRole('heading', { name: 'Database cutover' }).waitFor();
    const banners = () => lead.evaluate(() => (window as unknown as { __banners: string[] }).__banners);
    expect(await banners()).toEqual([]);

    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await expect.poll(() => lead.getByTestId('cutover-status').textContent()).toBe('in progress');
    await row(lead, FIRST).getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('in_progress');
    await row(lead, FIRST).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('done');
    // Three changes, each taken by the hub in milliseconds: no banner came and went above the screen.
    expect(await banners()).toEqual([]);

    slow = true;
    const second = lead.locator('[data-step-id]').nth(1);
    await second.getByRole('button', { name: 'Start' }).click();
    // The row says so at once; the page only once the wait is one a person notices.
    await expect.poll(() => second.getByTestId('sending').count()).toBe(1);
    expect(await lead.getByTestId('sending-banner').count()).toBe(0);
    await expect.poll(() => lead.getByTestId('sending-banner').textContent()).toBe('Sending 1 change…');
    await screenshot(lead, 'sending-slowly');
    // Delivered, it goes, and the row shows what the hub decided.
    await expect.poll(() => second.getAttribute('data-status'), { timeout: 5_000 }).toBe('in_progress');
    await expect.poll(() => lead.getByTestId('sending-banner').count()).toBe(0);
    expect(await banners()).toEqual(['Sending 1 change…']);
  });

  it('survives a hub restart: a banner, queued work kept, then reconnect and catch-up', async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, TEMPLATE, Date.now() - 5 * 60_000);
    const lead = await join('lead', 'Lena');
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await expect.poll(() => lead.getByTestId('cutover-status').textContent()).toBe('in progress');
    const port = t.hub.port;
    await t.hub.close();
    await expect.poll(() => lead.getByTestId('conn-banner').textContent()).toContain('Connection to the hub lost');
    await row(lead, FIRST).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => lead.getByTestId('conn-banner').textContent()).toContain('1 change is kept');
    // Nothing derived from the hub looks current while it is away: the header says as of when.
    await expect.poll(() => lead.getByTestId('hdr-stale').textContent()).toMatch(/as of \d\d:\d\d, less than a minute ago/);
    const frozen = await lead.getByTestId('hdr-tplus').textContent();
    await lead.waitForTimeout(2_100);
    expect(await lead.getByTestId('hdr-tplus').textContent()).toBe(frozen);
    await screenshot(lead, 'offline');

    t.hub = await startHub({ dataDir: t.dir, port, staticDir: WEB_ROOT, log: () => undefined });
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status'), { timeout: 15_000 }).toBe('done');
    const other = t.client('operator', 'Dan');
    await live(other);
    await other.send('note.add', { text: 'back after the restart', severity: 'info' }).done;
    await expect.poll(() => lead.locator('.timeline').textContent()).toContain('back after the restart');
    expect(await lead.getByTestId('conn-banner').count()).toBe(0);
    expect(await lead.getByTestId('hdr-stale').count()).toBe(0);
  });

  it('moves between steps and completes them from the keyboard', async () => {
    const lead = await leadAtTheKeyboard();
    await lead.keyboard.press('j');
    await lead.keyboard.press('Enter'); // start
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('in_progress');
    // The running row Enter acts on shows that it is selected: it looks otherwise once the selection moves on.
    const looks = () =>
      row(lead, FIRST).evaluate((el) => {
        const c = getComputedStyle(el);
        return [c.outlineStyle, c.outlineColor, c.borderLeftColor, c.backgroundColor].join(' ');
      });
    const selected = await looks();
    await lead.keyboard.press('j');
    expect(await looks()).not.toBe(selected);
    await lead.keyboard.press('k');
    expect(await looks()).toBe(selected);
    await lead.keyboard.press('Enter'); // done
    await expect.poll(() => row(lead, FIRST).getAttribute('data-status')).toBe('done');
    await lead.keyboard.press('?');
    await lead.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(lead, 'help');
    await lead.keyboard.press('Escape');
    await lead.keyboard.press('t');
    await expect.poll(() => lead.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await screenshot(lead, 'light');
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, launchBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, step, until, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();

/** Seed 004's night in small: stop the jobs, go/no-go, then the switch with no way back. */
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
  ],
};

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

/** A hub with this file's night on it, titled as `open` waits for. */
async function goNoGoNight(): Promise<TestHub> {
  const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
  await hub.hub.registry
    .get(hub.cutoverId)!
    .runtime.record({ id: 'hub', name: 'Hub', role: 'system' }, [{ type: 'cutover.updated', payload: { title: 'Go/no-go night' } }]);
  return hub;
}

/** Lena (the lead) and Ana (an approver) through the hub, the night started and the gate's step before it done. */
async function atTheGate(hub: TestHub) {
  const lena = hub.client('lead', 'Lena');
  const ana = hub.client('approver', 'Ana');
  await Promise.all([live(lena), live(ana)]);
  await lena.send('cutover.start', {}).done;
  await lena.send('step.complete', { stepId: 'prep' }).done;
  return { lena, ana };
}

async function open(link: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] ${e.message}`));
  await page.addInitScript({ content: `localStorage.setItem('warroom.name', ${JSON.stringify(name)})` });
  await page.goto(link);
  await page.getByRole('heading', { name: 'Go/no-go night' }).waitFor();
  return page;
}

const board = (page: Page) => page.locator('article.poll').first();
const station = (page: Page, label: string) => board(page).locator(`[data-station="${label}"]`);

async function mintInvite(lead: Page, station: string): Promise<string> {
  await lead.getByRole('tab', { name: 'Crew' }).click();
  const field = lead.getByLabel('New invite link');
  const before = (await field.count()) > 0 ? await field.inputValue() : '';
  await lead.locator('.crew-admin__mint select').selectOption('operator');
  await lead.locator('.crew-admin__mint input[placeholder="DBA"]').fill(station);
  await lead.getByRole('button', { name: 'Create invite link' }).click();
  // Wait for this invite's link, not the one still shown from the previous invite.
  await expect.poll(async () => ((await field.count()) > 0 ? field.inputValue() : '')).not.toBe(before);
  return field.inputValue();
}

describe.skipIf(!enabled)('go/no-go in four browsers', () => {
  it('polls, takes a NO-GO, re-polls, gets every GO, and the approver’s GO completes the gate', { timeout: 90_000 }, async () => {
    t = await goNoGoNight();
    const link = (role: keyof TestHub['tokens']) => webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens[role] });
    const lead = await open(link('lead'), 'Lena');
    const dba = await open(await mintInvite(lead, 'DBA'), 'Dana');
    const sre = await open(await mintInvite(lead, 'SRE'), 'Sam');
    const cto = await open(link('approver'), 'Chris');

    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await dba.locator('[data-step-id="prep"]').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => lead.locator('[data-step-id="prep"]').getAttribute('data-status')).toBe('done');

    await lead.getByRole('tab', { name: /Go\/No-go/ }).click();
    await lead.getByRole('button', { name: 'Open a go/no-go poll' }).click();
    for (const s of ['Station: DBA', 'Station: SRE', 'Role: approver']) await lead.getByLabel(s).check();
    // A double click opens one poll: the form sends once, and the hub asks one question per gate.
    await lead.getByRole('button', { name: 'Open poll' }).dblclick();
    for (const p of [dba, sre, cto]) await p.getByRole('tab', { name: /Go\/No-go/ }).click();
    await board(dba).waitFor();
    await board(lead).waitFor();
    await lead.waitForTimeout(300);
    expect(await lead.locator('article.poll').count()).toBe(1);
    expect(await dba.locator('article.poll').count()).toBe(1);

    await board(dba).getByRole('button', { name: 'NO-GO…' }).click();
    await dba.getByRole('dialog').locator('textarea').fill('Replication lag is 40 s');
    await dba.getByRole('button', { name: 'Answer NO-GO' }).click();
    await board(sre).getByRole('button', { name: 'GO', exact: true }).click();
    await expect.poll(() => station(lead, 'DBA').textContent()).toContain('Replication lag is 40 s');
    await expect.poll(() => board(lead).textContent()).toContain('Still missing: approver');
    await screenshot(lead, 'poll-no-go');

    await board(lead).getByRole('button', { name: 'Re-poll' }).click();
    // Round 1 is open with answers in: asking again closes them, so the lead confirms first.
    await lead.getByRole('dialog').getByRole('button', { name: 'Re-poll' }).click();
    await expect.poll(() => board(dba).getByTestId('poll-state').textContent()).toContain('round 2');
    // Round 2 is being asked and nobody has answered it: there is nothing to ask again yet.
    await expect.poll(() => board(lead).getByRole('button', { name: 'Re-poll' }).count()).toBe(0);
    for (const p of [dba, sre, cto]) await board(p).getByRole('button', { name: 'GO', exact: true }).click();
    await expect.poll(() => board(cto).getByTestId('poll-state').textContent()).toContain('every station answered');

    // The approver decides on the decision panel at the top of the screen, the one place that offers it.
    await cto.getByTestId('decision-panel').getByRole('button', { name: 'Decide GO…' }).click();
    await cto.getByRole('dialog').locator('textarea').fill('All stations GO; lag back under 2 s');
    await cto.getByRole('button', { name: 'Record GO' }).click();
    await expect.poll(() => lead.locator('[data-step-id="gate"]').getAttribute('data-status')).toBe('done');
    await expect.poll(() => dba.getByTestId('last-decision').textContent()).toContain('GO · Chris');
    await screenshot(cto, 'poll-decided');

    await lead.getByRole('tab', { name: 'Timeline' }).click();
    const timeline = await lead.locator('.timeline').textContent();
    for (const line of [
      'NO-GO from DBA: Replication lag is 40 s',
      'asked again (round 2)',
      'GO from approver',
      'Decision: GO: All stations GO; lag back under 2 s',
      'Done “Go/no-go: switch DNS and MySQL writes”: GO: All stations GO',
    ]) {
      expect(timeline).toContain(line);
    }
    await screenshot(lead, 'poll-timeline');

    // An observer who tampers with the page is refused by the hub, with the reason.
    const observer = await open(link('observer'), 'Olive');
    const pollId = t.hub.registry.get(t.cutoverId)!.runtime.state.pollOrder[0];
    const reply = await observer.evaluate(`new Promise((resolve) => {
      const q = new URLSearchParams(location.hash.split('?')[1]);
      const ws = new WebSocket('ws://' + location.host + '/ws/' + q.get('c'), ['warroom.v1', 'warroom.token.' + q.get('t')]);
      ws.onopen = () => ws.send(JSON.stringify({ t: 'hello', protocol: 1, name: 'Olive', since: 0 }));
      ws.onmessage = (m) => {
        const msg = JSON.parse(m.data);
        if (msg.t === 'synced') ws.send(JSON.stringify({ t: 'command', id: 'x', type: 'poll.answer', payload: { pollId: ${JSON.stringify(pollId)}, vote: 'go' } }));
        if (msg.t === 'reject') resolve(msg.reason);
      };
    })`);
    expect(reply).toBe('An observer may not answer a poll');

    // The GO opens the point of no return, but nothing crosses it by a slip: it is not offered
    // as Done before it started, and Start asks first, saying what it crosses.
    const sw = sre.locator('[data-step-id="switch"]');
    await expect
      .poll(async () => (await sw.locator('.step__actions button').allTextContents()).map((s) => s.trim()))
      .toEqual(['Start', 'Skip…', 'Blocked…', 'Note…']);
    await sw.getByRole('button', { name: 'Start', exact: true }).click();
    const crossing = sre.getByRole('dialog', { name: 'Cross the point of no return: Switch DNS and MySQL writes to AWS' });
    expect(await crossing.textContent()).toContain(
      'After “Switch DNS and MySQL writes to AWS” there is no way back. Starting it now crosses the point of no return, on the approver’s GO.',
    );
    await screenshot(sre, 'ponr-start-asks');
    await crossing.getByRole('button', { name: 'Cancel' }).click();
    // By the keyboard too: Enter on the selected row asks, and a second Enter does not answer for you.
    await sw.locator('.step__title').click();
    await sre.keyboard.press('Enter');
    await crossing.waitFor();
    await sre.keyboard.press('Enter');
    await expect.poll(() => crossing.count()).toBe(0);
    expect(await sw.getAttribute('data-status')).toBe('pending');
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.switch!.status).toBe('pending');
    // Past the point of no return the runbook says so; ROLLBACK turns it into the way back.
    await sw.getByRole('button', { name: 'Start', exact: true }).click();
    await crossing.getByRole('button', { name: 'Start: cross it' }).click();
    await expect.poll(() => lead.getByTestId('ponr-banner').textContent()).toContain('Past the point of no return');
    await cto.locator('.decision-bar').getByRole('button', { name: 'ROLLBACK…' }).click();
    await cto.getByRole('dialog').locator('textarea').fill('Apps did not fail over to the new database');
    // Enter in a ROLLBACK's reason starts a new line: there is no undoing it, so it is not sent by a stray key.
    await cto.getByRole('dialog').locator('textarea').press('Enter');
    await cto.getByTestId('prompt-ctrl-enter').waitFor();
    expect(await cto.getByRole('dialog').locator('textarea').inputValue()).toBe('Apps did not fail over to the new database\n');
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.rollback).toBeNull();
    await cto.getByRole('dialog').locator('textarea').press('Control+Enter');
    await expect.poll(() => lead.getByTestId('rollback-banner').textContent()).toContain('ROLLBACK under way');
    expect(await lead.locator('.phase').first().getAttribute('aria-label')).toBe('Rollback');
    expect(await lead.locator('.phase').first().locator('.step__title').first().textContent()).toContain('Start the cron jobs again');
    // Ending the night as rolled back is not the obvious next click while the way back is still to do.
    expect(await lead.getByRole('button', { name: 'End: rolled back…' }).getAttribute('class')).not.toContain('primary');
    // The way back is the bright work now; the way forward's buttons are still there, but quiet.
    expect(await lead.locator('.phase').first().getByRole('button', { name: 'Start', exact: true }).getAttribute('class')).toContain('primary');
    expect(await lead.locator('[data-step-id="switch"]').getByRole('button', { name: 'Done', exact: true }).getAttribute('class')).not.toContain('primary');
    await screenshot(lead, 'rollback');
    // The update the composer starts from is the one a rollback calls for, not the window starting.
    await lead.getByRole('tab', { name: 'Comms' }).click();
    expect(await lead.getByTestId('comms-template').inputValue()).toBe('tpl-rolled-back');

    // The lead revokes the DBA's invite: the DBA is disconnected at once and told why.
    await lead.getByRole('tab', { name: 'Crew' }).click();
    await lead.locator('[data-invite="DBA"]').getByRole('button', { name: 'Revoke…' }).click();
    await lead.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => dba.getByTestId('conn-banner').textContent()).toContain('The lead revoked this invite');
    await screenshot(dba, 'revoked');
  });

  it('asks before a role changes, so a stray arrow key on the role list promotes nobody', { timeout: 60_000 }, async () => {
    const hub = await goNoGoNight();
    try {
      // Dana has a link of her own: on a shared one, a wider role is not offered (the next test).
      const lena = hub.client('lead', 'Lena');
      await live(lena);
      const dana = await hub.personal(lena, 'operator', 'Dana');
      await live(dana);
      const lead = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.lead }), 'Lena');
      await lead.getByRole('tab', { name: 'Crew' }).click();
      const roleOfDana = lead.getByLabel('Role of Dana');
      await roleOfDana.focus();
      // The option above operator is lead: on the old screen this key alone made Dana the lead.
      await lead.keyboard.press('ArrowUp');
      const dialog = lead.getByRole('dialog', { name: 'Make Dana the lead' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('Dana is an operator now.');
      await lead.keyboard.press('Escape');
      await lead.waitForTimeout(300);
      expect(dana.state.members[dana.member!.id]!.role).toBe('operator');
      expect(await roleOfDana.inputValue()).toBe('operator');

      // Chosen on purpose and confirmed, it changes.
      await roleOfDana.selectOption('approver');
      const confirm = lead.getByRole('dialog', { name: 'Make Dana an approver' });
      expect(await confirm.textContent()).toContain('records GO, HOLD or ROLLBACK');
      await screenshot(lead, 'crew-role-change');
      await confirm.getByRole('button', { name: 'Change the role' }).click();
      await until(dana, (d) => d.state.members[d.member!.id]?.role === 'approver', 10_000, 'Dana made approver');
      await expect.poll(() => roleOfDana.inputValue()).toBe('approver');
    } finally {
      await hub.stop();
    }
  });

  it('offers no wider role than a shared link’s, and says when newcomers by a link join as observers', { timeout: 60_000 }, async () => {
    const hub = await goNoGoNight();
    try {
      const lena = hub.client('lead', 'Lena');
      const dana = hub.client('operator', 'Dana');
      const sam = hub.client('operator', 'Sam');
      await Promise.all([lena, dana, sam].map(live));
      const lead = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.lead }), 'Lena');
      await lead.getByRole('tab', { name: 'Crew' }).click();
      // Dana came in by the operators' shared link: anyone holding it can join as "Dana".
      const options = lead.getByLabel('Role of Dana').locator('option');
      await expect.poll(() => options.count()).toBeGreaterThan(0);
      const offered = await options.evaluateAll((os) =>
        os.map((o) => `${(o as HTMLOptionElement).textContent}${(o as HTMLOptionElement).disabled ? ' [disabled]' : ''}`),
      );
      expect(offered).toEqual([
        'lead (needs a link of their own) [disabled]',
        'operator',
        'approver (needs a link of their own) [disabled]',
        'comms (needs a link of their own) [disabled]',
        'observer',
      ]);
      // Sam is made an observer; he still holds the link, so newcomers by it come in as observers.
      await lead.getByLabel('Role of Sam').selectOption('observer');
      await lead.getByRole('dialog', { name: 'Make Sam an observer' }).getByRole('button', { name: 'Change the role' }).click();
      const narrowed = lead.locator('[data-invite="operator"]').getByTestId('invite-narrowed');
      await expect.poll(() => narrowed.textContent()).toContain('newcomers by it join as observers: Sam still holds it with less than its role');
      await screenshot(lead, 'crew-shared-link-roles');
    } finally {
      await hub.stop();
    }
  });

  it('refuses a GO decided while another approver’s HOLD came in, and keeps the rationale typed for it', { timeout: 60_000 }, async () => {
    const hub = await goNoGoNight();
    try {
      const { lena, ana } = await atTheGate(hub);
      const cto = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.approver }), 'Chris');
      await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
      await cto.locator('.decision-bar').getByRole('button', { name: 'GO…' }).click();
      const prompt = cto.getByRole('dialog', { name: 'Decision: GO' });
      await prompt.locator('textarea').fill('Lag is fine, go ahead');
      // While Chris writes, Ana holds.
      await ana.send('decision.record', { decision: 'hold', rationale: 'Replication lag 40 s', after: null }).done;
      await prompt.getByRole('button', { name: 'Record GO' }).click();

      await expect
        .poll(() => cto.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining('Ana has just recorded HOLD: “Replication lag 40 s”. Your screen did not show it when you decided'));
      // What Chris typed stays with the refusal.
      expect((await cto.getByTestId('refusal').allTextContents()).join(' ')).toContain('Lag is fine, go ahead');
      await screenshot(cto, 'decision-refused-after-hold');
      expect(lena.state.decisions.map((d) => d.decision)).toEqual(['hold']);
    } finally {
      await hub.stop();
    }
  });

  it('does not offer a GO on a board whose question was asked again since: the newer NO-GO is weighed where it was said', { timeout: 60_000 }, async () => {
    const hub = await goNoGoNight();
    try {
      const { lena, ana } = await atTheGate(hub);
      // The lead is asked too, so the first round is still open when she closes it.
      const ask = (question: string) =>
        lena.send('poll.open', { question, stations: ['role:approver', 'role:lead'], gateStepId: 'gate', answerBy: 'person' }).done;
      await ask('Switch DNS?');
      const first = lena.state.pollOrder[0]!;
      await ana.send('poll.answer', { pollId: first, vote: 'go' }).done;
      await lena.send('poll.close', { pollId: first }).done;
      await ask('Switch DNS now?');
      await until(ana, (a) => a.state.pollOrder.length === 2);
      await ana.send('poll.answer', { pollId: ana.state.pollOrder[1]!, vote: 'no_go', comment: 'Replication lag 40 s' }).done;

      const cto = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.approver }), 'Chris');
      await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
      const older = cto.locator(`article.poll[data-poll-id="${first}"]`);
      await expect.poll(() => older.getByTestId('poll-asked-again').textContent()).toBe('Asked again since as “Switch DNS now?”: the decision is made there.');
      // The older board, closed by the lead with every answer GO, offered "Decide GO…", and its GO passed the gate over Ana's NO-GO.
      expect(await older.getByRole('button', { name: 'Decide GO…' }).count()).toBe(0);
      await screenshot(cto, 'poll-asked-again');
      expect(lena.state.steps.gate!.status).toBe('pending');
    } finally {
      await hub.stop();
    }
  });
});

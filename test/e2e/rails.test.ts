import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, crewBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, step, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();

/** Seed 004 in small: stop the jobs, the gate, the switch with no way back, a check. */
const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch to AWS',
      steps: [
        step('prep', 'Terminate the cron jobs', 0, 10, []),
        step('gate', 'Go/no-go: switch DNS and MySQL writes', 10, 5, ['prep'], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch DNS and MySQL writes to AWS', 15, 30, ['gate'], { pointOfNoReturn: true }),
        step('check', 'Check writes land in AWS', 45, 10, ['switch'], { kind: 'verification' }),
      ],
    },
  ],
};

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

/** A laptop at 1280×720, joined to the night by `link`. */
const open = (link: string, name: string): Promise<Page> => crew.open(link, name, 'Database cutover', { width: 1280, height: 720 });

/** A hub on RUNBOOK whose window opened five minutes ago, and the join link of a token on it. */
async function nightUnderWay(): Promise<{ hub: TestHub; link: (token: string) => string }> {
  const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
  t = hub;
  return { hub, link: (token) => webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token }) };
}

/**
 * A night on the hub's own clock, its window opened `minutes` ago: the cron jobs take their 10
 * minutes, the gate opens on plan, and two minutes later Chris decides. His laptop, `minutes` in.
 */
async function decidedAtTheGate(decision: 'hold' | 'rollback', rationale: string, minutes: number): Promise<Page> {
  const start = Date.now() - minutes * 60_000;
  let clock = start;
  t = await startTestHub({ staticDir: WEB_ROOT, now: () => clock }, RUNBOOK, start);
  const lena = t.client('lead', 'Lena');
  const chris = t.client('approver', 'Chris');
  await Promise.all([lena, chris].map(live));
  await lena.send('cutover.start', {}).done;
  await lena.send('step.start', { stepId: 'prep' }).done;
  clock += 10 * 60_000;
  await lena.send('step.complete', { stepId: 'prep' }).done;
  await lena.send('step.start', { stepId: 'gate' }).done;
  clock += 2 * 60_000;
  await chris.send('decision.record', { decision, rationale }).done;
  clock = start + minutes * 60_000;
  return open(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.approver }), 'Chris');
}

const row = (page: Page, id: string) => page.locator(`[data-step-id="${id}"]`);
const buttonsOf = async (page: Page, id: string) => (await row(page, id).locator('.step__actions button').allTextContents()).map((s) => s.trim());

describe.skipIf(!enabled)('the rails at the moments that cannot be undone, in four browsers', () => {
  it(
    'keeps the point of no return shut without a GO, takes the approver’s typed override, and asks before ending a night with open steps',
    { timeout: 90_000 },
    async () => {
      const { hub, link } = await nightUnderWay();
      const lead = await open(link(hub.tokens.lead), 'Lena');
      // Two operators on one role link, and the CTO on a laptop.
      const dana = await open(link(hub.tokens.operator), 'Dana');
      const sam = await open(link(hub.tokens.operator), 'Sam');
      const cto = await open(link(hub.tokens.approver), 'Chris');

      await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
      // Starting the gate ahead of its order says it passes nothing: only the GO does.
      await row(lead, 'gate').getByRole('button', { name: 'Start anyway…' }).click();
      expect(await lead.getByRole('dialog').textContent()).toContain('Starting the gate does not pass it: it completes only when the approver records GO.');
      await lead.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await row(dana, 'prep').getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => row(sam, 'prep').getAttribute('data-status')).toBe('done');

      // No slip of the hand crosses it: no Start, Start anyway or Skip; the row says why.
      expect(await buttonsOf(sam, 'switch')).toEqual(['Blocked…', 'Note…']);
      // Nor does a step beyond it: starting the check early would have the night past the switch unseen.
      expect(await buttonsOf(sam, 'check')).toEqual(['Skip…', 'Note…']);
      expect(await row(sam, 'switch').locator('.step__ponr').textContent()).toBe(
        'Point of no return: needs the approver’s GO (it still waits on “Go/no-go: switch DNS and MySQL writes”).',
      );
      // Nor does an operator who goes round the screen: the hub refuses.
      const refused = await sam.evaluate(`new Promise((resolve) => {
      const q = new URLSearchParams(location.hash.split('?')[1]);
      const ws = new WebSocket('ws://' + location.host + '/ws/' + q.get('c'), ['warroom.v1', 'warroom.token.' + q.get('t')]);
      ws.onopen = () => ws.send(JSON.stringify({ t: 'hello', protocol: 1, name: 'Sam', since: 0 }));
      ws.onmessage = (m) => {
        const msg = JSON.parse(m.data);
        if (msg.t === 'synced') ws.send(JSON.stringify({ t: 'command', id: 'forced', type: 'step.start', payload: { stepId: 'switch', force: 'impatient' } }));
        if (msg.t === 'reject') resolve(msg.reason);
      };
    })`);
      expect(refused).toMatch(/is the point of no return and it still waits on “Go\/no-go: switch DNS and MySQL writes”/);

      // The approver crosses it on purpose: typed, explained, on the record.
      await row(cto, 'switch').getByRole('button', { name: 'Cross without a GO…' }).click();
      const dialog = cto.getByRole('dialog');
      await dialog.getByLabel('Why cross without a GO?').fill('DNS was moved by the provider already');
      const confirm = dialog.getByRole('button', { name: 'Cross without a GO' });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByLabel('Type CROSS to confirm').fill('cross');
      await screenshot(cto, 'ponr-override');
      await confirm.click();
      await expect
        .poll(() => lead.locator('.timeline').textContent())
        .toContain(
          'Override: the point of no return at “Switch DNS and MySQL writes to AWS” may be crossed without a GO: DNS was moved by the provider already',
        );

      // The forced start now says plainly what it bypasses.
      await row(sam, 'switch').getByRole('button', { name: 'Start anyway…' }).click();
      expect(await sam.getByRole('dialog').textContent()).toContain('“Go/no-go: switch DNS and MySQL writes” is pending');
      await sam.getByRole('dialog').locator('textarea').fill('the provider switched already; override on record');
      await sam.getByRole('dialog').getByRole('button', { name: 'Start anyway', exact: true }).click();
      await expect.poll(() => row(lead, 'switch').getAttribute('data-status')).toBe('in_progress');
      // Crossed now: a step beyond it may be started early again, with its reason.
      await expect.poll(() => buttonsOf(sam, 'check')).toEqual(['Start anyway…', 'Skip…', 'Note…']);

      // Ending is deliberate: not the primary button while steps are open, and it lists them.
      const complete = lead.getByRole('button', { name: 'Complete early…' });
      expect(await complete.getAttribute('class')).not.toContain('primary');
      await complete.click();
      const ending = lead.getByRole('dialog');
      expect(await ending.locator('.modal__detail li').allTextContents()).toEqual([
        'Go/no-go: switch DNS and MySQL writes (pending)',
        'Switch DNS and MySQL writes to AWS (in progress)',
        'Check writes land in AWS (pending)',
      ]);
      await screenshot(lead, 'complete-early');
      await ending.locator('textarea').fill('the check moves to the morning shift');
      await ending.getByRole('button', { name: 'Complete early', exact: true }).click();
      await expect.poll(() => lead.locator('.timeline').textContent()).toContain('Cutover completed early, with 3 steps not done');

      // A slip of the hand is not the end: the lead reopens the night, on the record.
      await lead.getByRole('button', { name: 'Reopen the night…' }).click();
      await lead.getByRole('dialog').locator('textarea').fill('ended by mistake');
      await lead.getByRole('dialog').getByRole('button', { name: 'Reopen the night', exact: true }).click();
      await expect.poll(() => row(dana, 'check').locator('.step__actions button').count()).toBeGreaterThan(1);
      // Dana's window having drawn the reopening says nothing of when the lead's does: each is its own socket.
      await expect.poll(() => lead.locator('.timeline').textContent()).toContain('Cutover reopened: ended by mistake');

      // Revoking asks first.
      await lead.getByRole('tab', { name: 'Crew' }).click();
      await lead.locator('[data-invite="operator"]').getByRole('button', { name: 'Revoke…' }).click();
      expect(await lead.getByRole('dialog').textContent()).toMatch(/Dana, Sam are disconnected at once/);
      await lead.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      expect(await lead.locator('[data-invite="operator"]').getAttribute('class')).not.toContain('revoked');
      // Her own link: the dialog says so.
      await lead.locator('[data-invite="lead"]').getByRole('button', { name: 'Revoke…' }).click();
      expect(await lead.getByRole('dialog').textContent()).toContain('That is the link you came in by: you are disconnected too');
      await lead.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    },
  );

  it(
    'refuses the approver’s GO on a gate that still waits on its steps, and shuts the point of no return again when the crew is asked again',
    { timeout: 90_000 },
    async () => {
      const { hub, link } = await nightUnderWay();
      const lead = await open(link(hub.tokens.lead), 'Lena');
      const cto = await open(link(hub.tokens.approver), 'Chris');
      await lead.getByRole('button', { name: 'Start the night (T0)' }).click();

      // The lead asks early, with the cron jobs still running; the CTO answers and decides GO.
      await lead.getByRole('tab', { name: /Go\/No-go/ }).click();
      await lead.getByRole('button', { name: 'Open a go/no-go poll' }).click();
      await lead.getByLabel('Role: approver').check();
      await lead.getByRole('button', { name: 'Open poll' }).click();
      await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
      const board = cto.locator('article.poll').first();
      await board.getByRole('button', { name: 'GO', exact: true }).click();
      // The decision panel says it before the CTO tries.
      expect(await cto.getByTestId('decision-gate-waits').textContent()).toContain('The gate still waits on “Terminate the cron jobs”');
      const decideGo = async (why: string) => {
        await cto.getByTestId('decision-panel').getByRole('button', { name: 'Decide GO…' }).click();
        await cto.getByRole('dialog').locator('textarea').fill(why);
        await cto.getByRole('button', { name: 'Record GO' }).click();
      };
      await decideGo('Everyone is ready');
      // A GO passes the gate: not while the gate still waits on the cron jobs. The hub says so.
      await expect.poll(() => cto.locator('body').textContent()).toContain('still waits on “Terminate the cron jobs” (pending): a GO cannot pass it yet');
      await screenshot(cto, 'gate-go-refused');
      expect(await row(lead, 'gate').getAttribute('data-status')).toBe('pending');
      expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.decisions).toEqual([]);
      if ((await cto.getByRole('dialog').count()) > 0) await cto.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      // Once they are stopped, the same GO passes the gate and opens the point of no return.
      await row(lead, 'prep').getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => row(cto, 'prep').getAttribute('data-status')).toBe('done');
      await decideGo('Cron jobs stopped; everyone is ready');
      await expect.poll(() => row(lead, 'gate').getAttribute('data-status')).toBe('done');
      await expect.poll(() => buttonsOf(lead, 'switch')).toContain('Start');

      // Replica lag jumps and the lead asks the crew again: the GO is in question until the CTO decides.
      await lead.getByRole('button', { name: 'Open a go/no-go poll' }).click();
      await lead.getByLabel('Question').fill('Still good to switch?');
      await lead.getByLabel('Role: approver').check();
      await lead.getByRole('button', { name: 'Open poll' }).click();
      await expect
        .poll(() => row(lead, 'switch').locator('.step__ponr').textContent())
        .toContain('the poll “Still good to switch?” was asked again after the GO and is not decided');
      await screenshot(lead, 'ponr-asked-again');
      expect(await buttonsOf(lead, 'switch')).not.toContain('Start');
    },
  );

  it('does not complete a step by the second press of a double Enter or a double click on Start', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const lena = hub.client('lead', 'Lena');
    await live(lena);
    await lena.send('cutover.start', {}).done;
    const dana = await open(link(hub.tokens.operator), 'Dana');
    const status = () => row(dana, 'prep').getAttribute('data-status');
    const stays = async (want: string) => {
      await expect.poll(status).toBe(want);
      await dana.waitForTimeout(400);
      expect(await status()).toBe(want);
    };
    // Enter starts the selected step and, once the start is in, would complete it.
    await row(dana, 'prep').locator('.step__title').click();
    await dana.keyboard.press('Enter');
    await dana.waitForTimeout(120);
    await dana.keyboard.press('Enter');
    await stays('in_progress');
    // Pressed again once the row has settled, it is a decision: done.
    await dana.keyboard.press('Enter');
    await expect.poll(status).toBe('done');

    // The same with the mouse, on a step started again: Done takes Start's place under the pointer.
    await lena.send('step.reopen', { stepId: 'prep', reason: 'the jobs came back on two hosts' }).done;
    await expect.poll(status).toBe('pending');
    const box = (await row(dana, 'prep').getByRole('button', { name: 'Start', exact: true }).boundingBox())!;
    await dana.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // A double click as a hand makes it: the second press 120 ms after the first, counted as the second.
    await dana.mouse.down();
    await dana.mouse.up();
    await expect.poll(status).toBe('in_progress');
    await dana.waitForTimeout(120);
    await dana.mouse.down({ clickCount: 2 });
    await dana.mouse.up({ clickCount: 2 });
    await stays('in_progress');
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.steps.prep!.status).toBe('in_progress');
    lena.stop();
  });

  it('refuses a Fail typed on one attempt of a step once it was failed, reopened and started again meanwhile', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const lena = hub.client('lead', 'Lena');
    const ana = hub.client('operator', 'Ana');
    await Promise.all([lena, ana].map(live));
    await lena.send('cutover.start', {}).done;
    await ana.send('step.start', { stepId: 'prep' }).done;
    const dan = await open(link(hub.tokens.operator), 'Dan');
    await expect.poll(() => row(dan, 'prep').getAttribute('data-status')).toBe('in_progress');
    await row(dan, 'prep').getByRole('button', { name: 'Fail…' }).click();
    await dan.getByRole('dialog').locator('textarea').fill('the cron host is unreachable');
    // While Dan writes, the attempt he is looking at fails, and Ana starts the next one.
    await ana.send('step.fail', { stepId: 'prep', reason: 'two hosts did not answer' }).done;
    await lena.send('step.reopen', { stepId: 'prep', reason: 'retry after restarting the agents' }).done;
    await ana.send('step.start', { stepId: 'prep' }).done;
    await dan.getByRole('dialog').getByRole('button', { name: 'Mark failed' }).click();
    await expect
      .poll(() => dan.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('“Terminate the cron jobs” has changed since your screen showed it'));
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.steps.prep).toMatchObject({ status: 'in_progress', startedBy: 'Ana' });
    for (const c of [lena, ana]) c.stop();
  });

  it('resumes a point of no return crossed and then blocked without asking to cross it again', { timeout: 60_000 }, async () => {
    // "Cross the point of no return" for a step the night crossed an hour ago reads as if
    // there were still a way back; only the first start crosses it.
    const { hub, link } = await nightUnderWay();
    const lead = hub.client('lead', 'Lena');
    const cto = hub.client('approver', 'Chris');
    await Promise.all([lead, cto].map(live));
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await cto.send('decision.record', { pollId: lead.state.pollOrder[0]!, decision: 'go', rationale: 'lag 2 s' }).done;
    await lead.send('step.start', { stepId: 'switch', cross: true }).done;
    await lead.send('step.block', { stepId: 'switch', reason: 'DNS provider API down' }).done;
    const dana = await open(link(hub.tokens.operator), 'Dana');
    await expect.poll(() => row(dana, 'switch').getAttribute('data-status')).toBe('blocked');
    await row(dana, 'switch').getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => row(dana, 'switch').getAttribute('data-status')).toBe('in_progress');
    expect(await dana.getByRole('dialog').count()).toBe(0);
    for (const c of [lead, cto]) c.stop();
  });

  it('asks before starting the night ahead of its window', { timeout: 30_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() + 60 * 60_000);
    const lead = await open(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }), 'Lena');
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    const dialog = lead.getByRole('dialog', { name: 'Start the night before the window' });
    expect(await dialog.textContent()).toMatch(/The maintenance window opens at \d\d:\d\d: this starts before it/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.status).not.toBe('in_progress');
    // Letting the lead cross without a GO asks first, beside the Start button.
    const policy = lead.getByLabel('Lead may cross the point of no return without a GO');
    await policy.click();
    const allow = lead.getByRole('dialog', { name: 'Let the lead cross the point of no return without a GO' });
    await allow.getByRole('button', { name: 'Cancel' }).click();
    expect(await policy.isChecked()).toBe(false);
    await policy.click();
    await allow.getByRole('button', { name: 'Allow it' }).click();
    await expect.poll(() => t!.hub.registry.get(t!.cutoverId)!.runtime.state.info?.leadMayCrossPonr).toBe(true);
    await expect.poll(() => policy.isChecked()).toBe(true);
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();
    await lead.getByRole('dialog').getByRole('button', { name: 'Start the night (T0)' }).click();
    await expect.poll(() => t!.hub.registry.get(t!.cutoverId)!.runtime.state.status).toBe('in_progress');
  });

  it('lets comms start its own banner step, and offers to tick it off once the update is sent', { timeout: 60_000 }, async () => {
    const runbook: RunbookPlan = {
      phases: [
        {
          id: 'p',
          title: 'Tell people',
          steps: [
            step('banner', 'Banner and Slack: the window has started', 0, 5, [], { kind: 'comms', owner: 'comms' }),
            step('prep', 'Terminate the cron jobs', 0, 10, []),
          ],
        },
      ],
    };
    t = await startTestHub({ staticDir: WEB_ROOT }, runbook, Date.now() - 5 * 60_000);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const cara = await open(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.comms }), 'Cara');
    // Not the DBA's step; her own, yes.
    expect(await buttonsOf(cara, 'prep')).toEqual(['Note…']);
    await row(cara, 'banner').getByRole('button', { name: 'Start', exact: true }).click();
    await expect.poll(() => row(cara, 'banner').getAttribute('data-status')).toBe('in_progress');
    await row(cara, 'banner').getByRole('button', { name: 'Compose update…' }).click();
    // The message has the focus, the template the step asked for stays: typing adds to the text.
    const message = cara.getByPlaceholder('What the crew needs to know');
    await expect.poll(() => message.evaluate((el) => el === document.activeElement)).toBe(true);
    const picked = await cara.getByLabel('Template').inputValue();
    await cara.keyboard.type(' Shortly.');
    expect(await message.inputValue()).toMatch(/ Shortly\.$/);
    expect(await cara.getByLabel('Template').inputValue()).toBe(picked);
    const bannerBox = cara.getByTestId('comms-dest-banner');
    if (!(await bannerBox.isChecked())) await bannerBox.check();
    await cara.getByTestId('comms-send').click();
    await cara.getByRole('button', { name: 'Mark the step done' }).click();
    await expect.poll(() => row(cara, 'banner').getAttribute('data-status')).toBe('done');
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.banner!.endedBy).toBe('Cara');
  });

  it('offers no Remove for a step reopened after it failed, and says to skip it instead', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const lena = hub.client('lead', 'Lena');
    await live(lena);
    await lena.send('cutover.start', {}).done;
    await lena.send('step.start', { stepId: 'prep' }).done;
    await lena.send('step.fail', { stepId: 'prep', reason: 'two hosts did not answer' }).done;
    await lena.send('step.reopen', { stepId: 'prep', reason: 'try once more' }).done;
    const lead = await open(link(hub.tokens.lead), 'Lena');
    await expect.poll(() => row(lead, 'prep').getAttribute('data-status')).toBe('pending');
    await lead.getByRole('button', { name: 'Edit runbook' }).click();
    const remove = lead.getByRole('button', { name: 'Remove “Terminate the cron jobs”' });
    expect(await remove.isDisabled()).toBe(true);
    expect(await remove.getAttribute('title')).toBe(
      "“Terminate the cron jobs” was worked on tonight, and what happened to it is the night's record; skip it with a reason instead",
    );
  });

  it('refuses a crossing without a GO confirmed while another approver’s HOLD came in, and says whose', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const lena = hub.client('lead', 'Lena');
    const ana = hub.client('approver', 'Ana');
    await Promise.all([lena, ana].map(live));
    await lena.send('cutover.start', {}).done;
    await lena.send('step.complete', { stepId: 'prep' }).done;
    const cto = await open(link(hub.tokens.approver), 'Chris');
    await row(cto, 'switch').getByRole('button', { name: 'Cross without a GO…' }).click();
    const dialog = cto.getByRole('dialog');
    await dialog.getByLabel('Why cross without a GO?').fill('DNS was moved by the provider already');
    await dialog.getByLabel('Type CROSS to confirm').fill('CROSS');
    // While Chris typed, Ana decided HOLD.
    await ana.send('decision.record', { decision: 'hold', rationale: 'replica 2 broken' }).done;
    await dialog.getByRole('button', { name: 'Cross without a GO' }).click();
    await expect
      .poll(() => cto.getByTestId('refusal').allTextContents())
      .toContainEqual(expect.stringContaining('Ana has just recorded HOLD: “replica 2 broken”. Your screen did not show it when you decided'));
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.overrides).toEqual([]);
    await screenshot(cto, 'ponr-override-after-hold');
  });

  it('shows the night late by the HOLD’s length, not by a pace the HOLD stretched', { timeout: 60_000 }, async () => {
    // 35 minutes in, the gate has waited 25 of its 5.
    const cto = await decidedAtTheGate('hold', 'replica lag rising', 35);
    await expect.poll(() => cto.getByTestId('hdr-schedule').textContent()).toContain('20 min late');
    await screenshot(cto, 'schedule-after-hold');
  });

  it('refuses a start confirmed after someone blocked the step, and says it is blocked and why', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const lena = hub.client('lead', 'Lena');
    await live(lena);
    await lena.send('cutover.start', {}).done;
    const lead = await open(link(hub.tokens.lead), 'Lena');
    await row(lead, 'gate').getByRole('button', { name: 'Start anyway…' }).click();
    await lead.getByRole('dialog').locator('textarea').fill('the cron jobs are stopped by hand');
    // While the dialog is open, the step is blocked from another window.
    await lena.send('step.block', { stepId: 'gate', reason: 'do not start: the DB is not ready' }).done;
    await lead.getByRole('dialog').getByRole('button', { name: 'Start anyway', exact: true }).click();
    await expect
      .poll(() => lead.getByTestId('refusal').allTextContents())
      .toContainEqual(expect.stringContaining('it was pending, it is now blocked: “do not start: the DB is not ready”'));
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.steps.gate!.status).toBe('blocked');
  });

  it('shows no slip growing on the forward phase, and no point of no return, once the night rolls back', { timeout: 60_000 }, async () => {
    const cto = await decidedAtTheGate('rollback', 'replica 2 lost data', 40);
    await cto.getByTestId('hdr-rollback').waitFor();
    const forward = cto.getByRole('region', { name: 'Switch to AWS' });
    await forward.waitFor();
    expect(await forward.locator('.phase__title .slip').count()).toBe(0);
    expect(await cto.getByTestId('hdr-ponr').count()).toBe(0);
    // Nor a way across it forward: the hub refuses a crossing, and a GO, while the night goes back.
    expect(await buttonsOf(cto, 'switch')).not.toContain('Cross without a GO…');
    await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
    await cto.locator('.decision-bar').getByRole('button', { name: 'HOLD…' }).waitFor();
    expect(await cto.locator('.decision-bar').getByRole('button', { name: 'GO…', exact: true }).count()).toBe(0);
  });

  it('refuses a Reopen confirmed after the failed step was redone, and keeps its Done', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const desk = hub.client('lead', 'Lena (desktop)');
    await live(desk);
    await desk.send('cutover.start', {}).done;
    await desk.send('step.start', { stepId: 'prep' }).done;
    await desk.send('step.fail', { stepId: 'prep', reason: 'two hosts did not answer' }).done;
    const lead = await open(link(hub.tokens.lead), 'Lena');
    await row(lead, 'prep').getByRole('button', { name: 'Reopen…' }).click();
    await lead.getByRole('dialog').locator('textarea').fill('retry after restarting the agents');
    // While the dialog is open, the step is reopened and redone from her desktop.
    const failedAt = hub.hub.registry.get(hub.cutoverId)!.runtime.state.steps.prep!.startedAt;
    await desk.send('step.reopen', { stepId: 'prep', reason: 'agents restarted', seen: { status: 'failed', startedAt: failedAt } }).done;
    await desk.send('step.start', { stepId: 'prep' }).done;
    await desk.send('step.complete', { stepId: 'prep' }).done;
    await lead.getByRole('dialog').getByRole('button', { name: 'Reopen', exact: true }).click();
    await expect.poll(() => lead.getByTestId('refusal').allTextContents()).toContainEqual(expect.stringContaining('it was failed, it is now done'));
    expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.steps.prep!.status).toBe('done');
  });
  it('refuses an edit that would clear the point of no return on an earlier GO, and says so in the editor', { timeout: 60_000 }, async () => {
    const VERIFIED: RunbookPlan = {
      phases: [
        {
          id: 'p1',
          title: 'Switch to AWS',
          steps: [
            step('gate', 'Go/no-go: switch writes', 0, 5, [], { kind: 'gate', owner: 'lead' }),
            step('verify', 'Verify the copy', 5, 10, ['gate'], { kind: 'verification' }),
            step('switch', 'Switch DNS and MySQL writes to AWS', 15, 30, ['verify'], { pointOfNoReturn: true }),
          ],
        },
      ],
    };
    t = await startTestHub({ staticDir: WEB_ROOT }, VERIFIED, Date.now() - 5 * 60_000);
    const lena = t.client('lead', 'Lena (desktop)');
    const chris = t.client('approver', 'Chris');
    await Promise.all([lena, chris].map(live));
    await lena.send('cutover.start', {}).done;
    await lena.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await chris.send('decision.record', { pollId: lena.state.pollOrder[0]!, decision: 'go', rationale: 'go, once the copy is verified' }).done;
    await lena.send('step.start', { stepId: 'verify' }).done;
    const lead = await open(webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens.lead }), 'Lena');
    await expect.poll(() => row(lead, 'verify').getAttribute('data-status')).toBe('in_progress');
    await lead.getByRole('button', { name: 'Edit runbook' }).click();
    await lead.getByRole('button', { name: 'Edit “Switch DNS and MySQL writes to AWS”' }).click();
    const editor = lead.getByRole('dialog', { name: 'Edit: Switch DNS and MySQL writes to AWS' });
    await editor.getByLabel('Verify the copy').uncheck();
    await editor.getByLabel('Go/no-go: switch writes').check();
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => editor.getByRole('alert').textContent()).toContain('This change would clear the point of no return');
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.switch!.dependsOn).toEqual(['verify']);
  });
  it('asks before skipping the point of no return, as crossing it, and offers no Remove for it once the night has started', { timeout: 60_000 }, async () => {
    const { hub, link } = await nightUnderWay();
    const lena = hub.client('lead', 'Lena (desktop)');
    const chris = hub.client('approver', 'Chris');
    await Promise.all([lena, chris].map(live));
    await lena.send('cutover.start', {}).done;
    await lena.send('step.complete', { stepId: 'prep' }).done;
    await lena.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await chris.send('decision.record', { pollId: lena.state.pollOrder[0]!, decision: 'go', rationale: 'replication in sync' }).done;
    const lead = await open(link(hub.tokens.lead), 'Lena');
    await lead.getByRole('button', { name: 'Edit runbook' }).click();
    const remove = lead.getByRole('button', { name: 'Remove “Switch DNS and MySQL writes to AWS”' });
    expect(await remove.isDisabled()).toBe(true);
    expect(await remove.getAttribute('title')).toMatch(/is the point of no return, and the night has started: it stays one/);
    await lead.getByRole('button', { name: 'Done editing' }).click();
    await row(lead, 'switch').getByRole('button', { name: 'Skip…' }).click();
    const dialog = lead.getByRole('dialog');
    expect(await dialog.textContent()).toContain('crosses the point of no return: it cannot be reopened after');
    await dialog.locator('textarea').fill('switched by the provider');
    await dialog.getByRole('button', { name: 'Skip: cross it' }).click();
    await expect.poll(() => row(lead, 'switch').getAttribute('data-status')).toBe('skipped');
  });
});

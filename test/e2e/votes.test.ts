import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, crewBrowser, screenshot, WEB_ROOT, webBuildAvailable, type Viewport } from '../support/browser';
import { live, nodeClient, startTestHub, step, type TestHub } from '../support/hubHarness';

const enabled = browserAvailable() && webBuildAvailable();

const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch to AWS',
      steps: [
        step('gate', 'Go/no-go: switch DNS and MySQL writes', 0, 5, [], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch DNS and MySQL writes to AWS', 5, 30, ['gate'], { pointOfNoReturn: true }),
      ],
    },
  ],
};

let t: TestHub;
const crew = crewBrowser();
beforeAll(async () => {
  if (enabled) await crew.launch();
});
afterAll(async () => {
  await crew.closePeople();
  await crew.close();
  await t?.stop();
});

const open = (link: string, name: string, viewport?: Viewport): Promise<Page> => crew.open(link, name, 'Votes night', viewport);

const board = (page: Page) => page.locator('article.poll').first();
const panelOf = (page: Page) => page.getByTestId('decision-panel');

/** Wholly inside the viewport: seen without scrolling. */
async function inView(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize();
  return box !== null && size !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

/** Whether `target` is on the screen and drawn on top there: not under another part, nor clipped away by a pane that scrolls. */
const shown = (target: Locator): Promise<boolean> =>
  target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 8));
    return hit !== null && el.contains(hit);
  });

/** The same, at its top edge and its bottom edge: nothing covers any of it. */
const shownWhole = (target: Locator): Promise<boolean> =>
  target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return [r.top + 2, r.bottom - 2].every((y) => {
      const hit = document.elementFromPoint(r.left + r.width / 2, y);
      return hit !== null && el.contains(hit);
    });
  });

describe.skipIf(!enabled)('votes and the approver’s decision panel, in five browsers', () => {
  it('gives two operators on one link a vote each, and shows the approver the decision first, at 1280×720 and on a phone', { timeout: 120_000 }, async () => {
    t = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    await t.hub.registry
      .get(t.cutoverId)!
      .runtime.record({ id: 'hub', name: 'Hub', role: 'system' }, [{ type: 'cutover.updated', payload: { title: 'Votes night' } }]);
    const link = (role: keyof TestHub['tokens']) => webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: t.tokens[role] });
    const lead = await open(link('lead'), 'Lena');
    // One DBA link, minted through the protocol as the crew panel does, and handed to two people.
    const admin = t.client('lead', 'Lena');
    await live(admin);
    const { result } = await admin.send('invite.create', { role: 'operator', station: 'DBA' }).outcome;
    const dbaLink = webJoinLink({ hub: t.hub.url, cutoverId: t.cutoverId, token: (result as { token: string }).token });
    const dana = await open(dbaLink, 'Dana');
    const dave = await open(dbaLink, 'Dave');
    const cto = await open(link('approver'), 'Chris', { width: 1280, height: 720 });
    await lead.getByRole('button', { name: 'Start the night (T0)' }).click();

    // A new poll starts with everyone on shift in the polled roles ticked.
    await lead.getByRole('tab', { name: /Go\/No-go/ }).click();
    await lead.getByRole('button', { name: 'Open a go/no-go poll' }).click();
    expect(await lead.getByLabel('Station: DBA').isChecked()).toBe(true);
    expect(await lead.getByLabel('Role: approver').isChecked()).toBe(true);
    expect(await lead.getByLabel('Role: lead').isChecked()).toBe(false);
    await lead.getByLabel('Conditions, one per line (checked by hand)').fill('Replication lag under 5 s');
    await lead.getByRole('button', { name: 'Open poll' }).click();

    // Whoever the poll asks sees it across the top without opening the tab (the gate waits on
    // them); the lead, not polled, and the approver, whose panel asks, do not.
    const asked = dana.getByTestId('asked-bar');
    await expect.poll(() => asked.textContent()).toMatch(/^Go\/no-go · your answer is asked/);
    expect(await lead.getByTestId('asked-bar').count()).toBe(0);
    expect(await cto.getByTestId('asked-bar').count()).toBe(0);
    await screenshot(dana, 'poll-asked-bar');
    await asked.getByRole('button', { name: 'Answer…' }).click();
    expect(await dana.getByRole('tab', { name: /Go\/No-go/ }).getAttribute('aria-selected')).toBe('true');
    await dave.getByRole('tab', { name: /Go\/No-go/ }).click();
    await board(dana).getByRole('button', { name: 'NO-GO…' }).click();
    await dana.getByRole('dialog').locator('textarea').fill('Replication lag is 40 s');
    await dana.getByRole('button', { name: 'Answer NO-GO' }).click();
    await expect.poll(() => board(lead).locator('[data-who="Dana"]').textContent()).toContain('Replication lag is 40 s');
    await expect.poll(() => asked.count()).toBe(0);
    await board(dave).getByRole('button', { name: 'GO', exact: true }).click();
    await expect.poll(() => board(lead).getByTestId('poll-summary').textContent()).toContain('1 GO · 1 NO-GO · 1 waiting');
    // Dave's GO did not replace Dana's NO-GO: both are on the board, her reason with it.
    expect(await board(lead).locator('[data-who="Dana"]').textContent()).toContain('✕ NO-GO');
    expect(await board(lead).locator('[data-who="Dana"]').textContent()).toContain('Replication lag is 40 s');
    expect(await board(lead).locator('[data-who="Dave"]').textContent()).toContain('✓ GO');
    // Dana sees her own answer; a GO in its place asks what changed, so a click alone sends nothing.
    await expect.poll(() => board(dana).getByTestId('poll-my-answer').textContent()).toMatch(/^You answered NO-GO at \d\d:\d\d: Replication lag is 40 s$/);
    await board(dana).getByRole('button', { name: 'GO…', exact: true }).click();
    const change = dana.getByRole('dialog', { name: 'GO in place of a NO-GO' });
    expect(await change.textContent()).toContain('You answered NO-GO (Replication lag is 40 s). What changed? (required)');
    expect(await change.getByRole('button', { name: 'Answer GO' }).isDisabled()).toBe(true);
    await change.getByRole('button', { name: 'Cancel' }).click();

    // The approver has clicked nothing: the decision panel is what they see, at the top.
    const panel = panelOf(cto);
    await expect.poll(() => panel.getByTestId('decision-tally').textContent()).toBe('1 GO · 1 NO-GO · 1 waiting');
    expect(await panel.locator('[data-who="Dana"]').textContent()).toContain('Replication lag is 40 s');
    expect(await panel.textContent()).toContain('Replication lag under 5 s');
    expect(await panel.textContent()).toContain('Gate: “Go/no-go: switch DNS and MySQL writes”');
    expect(await panel.getByTestId('decision-ponr').textContent()).toMatch(/^Point of no return in/);
    for (const name of ['Decide GO…', 'HOLD…', 'ROLLBACK…']) expect(await inView(cto, panel.getByRole('button', { name }))).toBe(true);
    expect(await inView(cto, panel.locator('[data-who="Dana"]'))).toBe(true);
    await screenshot(cto, 'approver-decision-panel');
    // A GO now would go over Dana's NO-GO: it is not the bright button, and it says what it goes over.
    expect(await panel.getByRole('button', { name: 'Decide GO…' }).getAttribute('class')).not.toContain('primary');
    await panel.getByRole('button', { name: 'Decide GO…' }).click();
    const over = cto.getByRole('dialog', { name: 'GO over a standing NO-GO' });
    expect(await over.locator('.modal__detail li').allTextContents()).toEqual([
      'NO-GO: Dana (DBA): Replication lag is 40 s',
      'Not ticked: “Replication lag under 5 s”',
    ]);
    await screenshot(cto, 'approver-go-over-no-go');
    await over.getByRole('button', { name: 'Cancel' }).click();
    // Once, not twice: with the Go/No-go tab open too, each decision is offered one time.
    await cto.getByRole('tab', { name: /Go\/No-go/ }).click();
    for (const name of ['Decide GO…', 'GO…', 'HOLD…', 'ROLLBACK…'])
      expect(await cto.getByRole('button', { name, exact: true }).count()).toBe(name === 'GO…' ? 0 : 1);

    await cto.setViewportSize({ width: 390, height: 844 });
    for (const name of ['Decide GO…', 'HOLD…', 'ROLLBACK…']) expect(await inView(cto, panel.getByRole('button', { name }))).toBe(true);
    expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshot(cto, 'approver-decision-panel-phone');
    // At the foot of the page the side panel's tabs are on the screen, not under a header a quarter of it tall.
    const page = cto.locator('.cutover-screen');
    await page.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    expect(await shownWhole(cto.locator('.cutover-side').getByRole('tab', { name: 'Timeline' }))).toBe(true);
    await page.evaluate((el) => el.scrollTo(0, 0));
    // A small laptop window: one column scrolled as a page. The decision and the approver's own
    // answer show at once (the panel once scrolled inside itself and hid the answer under the
    // runbook), the runbook's rows follow, and the side panel keeps most of a screen.
    await cto.setViewportSize({ width: 900, height: 700 });
    for (const name of ['Decide GO…', 'HOLD…', 'ROLLBACK…']) expect(await shown(panel.getByRole('button', { name }))).toBe(true);
    expect(await shown(panel.getByRole('group', { name: 'Your answer' }).getByRole('button', { name: 'GO', exact: true }))).toBe(true);
    const firstRow = cto.locator('[data-step-id]').first();
    await firstRow.scrollIntoViewIfNeeded();
    expect(await shown(firstRow)).toBe(true);
    const side = cto.locator('.cutover-side');
    await side.scrollIntoViewIfNeeded();
    expect((await side.boundingBox())!.height).toBeGreaterThan(700 / 2);
    expect(await shown(side.getByRole('tab', { name: 'Timeline' }))).toBe(true);
    await screenshot(cto, 'approver-900x700-side-panel');
    // A button that has slid under the sticky header is brought out when it takes focus (Shift+Tab).
    const firstButton = firstRow.getByRole('button').first();
    await firstButton.evaluate((el) => {
      const screen = el.closest('.cutover-screen')!;
      screen.scrollTop += el.getBoundingClientRect().top - 20;
    });
    expect(await shownWhole(firstButton)).toBe(false);
    await firstButton.focus();
    expect(await shownWhole(firstButton)).toBe(true);
    await cto.setViewportSize({ width: 1280, height: 720 });
    await cto.locator('.cutover-screen').evaluate((el) => el.scrollTo(0, 0));

    // The approver answers as a station, the round completes, and they hold.
    await panel.getByRole('group', { name: 'Your answer' }).getByRole('button', { name: 'GO', exact: true }).click();
    await expect.poll(() => panel.textContent()).toContain('every station answered');
    await panel.getByRole('button', { name: 'HOLD…' }).click();
    await cto.getByRole('dialog').locator('textarea').fill('Wait for the lag to drop');
    await cto.getByRole('button', { name: 'Record HOLD' }).click();
    await expect.poll(() => panel.count()).toBe(0);

    // Re-poll after a HOLD: the same stations and condition, round 2, with its time.
    await board(lead).getByRole('button', { name: 'Re-poll' }).click();
    await expect.poll(() => board(lead).getByTestId('poll-state').textContent()).toMatch(/^Open · round 2 since \d\d:\d\d/);
    expect(await board(lead).getByTestId('poll-summary').textContent()).toContain('0 GO · 0 NO-GO · 3 waiting');
    expect(await board(lead).textContent()).toContain('Replication lag under 5 s');
    await expect.poll(() => panel.getByTestId('decision-tally').textContent()).toBe('0 GO · 0 NO-GO · 3 waiting');
    await screenshot(lead, 'poll-round-2');

    // Dana objects again, then the lag drops: her GO takes the NO-GO's place with what changed.
    await board(dana).getByRole('button', { name: 'NO-GO…' }).click();
    await dana.getByRole('dialog').locator('textarea').fill('Lag is 12 s');
    await dana.getByRole('button', { name: 'Answer NO-GO' }).click();
    await expect.poll(() => board(dana).getByTestId('poll-my-answer').textContent()).toContain('NO-GO');
    await board(dana).getByRole('button', { name: 'GO…', exact: true }).click();
    await dana.getByRole('dialog', { name: 'GO in place of a NO-GO' }).locator('textarea').fill('Lag is down to 2 s');
    await screenshot(dana, 'poll-go-in-place-of-no-go');
    await dana.getByRole('button', { name: 'Answer GO' }).click();
    await expect.poll(() => board(lead).locator('[data-who="Dana"]').textContent()).toContain('✓ GO');
    expect(await board(lead).locator('[data-who="Dana"]').textContent()).toContain('Lag is down to 2 s');

    // The lead closes the round: nobody is shown as still waiting on a closed poll.
    await board(lead).getByRole('button', { name: 'Close poll' }).click();
    await expect.poll(() => board(lead).getByTestId('poll-summary').textContent()).toContain('1 GO · 0 NO-GO · 2 no answer');
    expect(await board(lead).locator('[data-who="Dave"] .poll__vote').textContent()).toBe('— no answer');
  });

  it('asks again when the answer a replacement was confirmed over changed while the prompt was open', { timeout: 60_000 }, async () => {
    const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    try {
      const lena = hub.client('lead', 'Lena');
      await live(lena);
      await lena.send('cutover.update', { title: 'Votes night' }).done;
      const { result } = await lena.send('invite.create', { role: 'operator', station: 'DBA' }).outcome;
      const token = (result as { token: string }).token;
      const dana = nodeClient(hub.hub.url, hub.cutoverId, token, 'Dana');
      dana.start();
      await live(dana);
      await lena.send('cutover.start', {}).done;
      await lena.send('poll.open', { question: 'Switch DNS?', stations: ['station:DBA', 'role:approver'], answerBy: 'station' }).done;
      const pollId = lena.state.pollOrder[0]!;
      await dana.send('poll.answer', { pollId, vote: 'go' }).done;

      const dave = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token }), 'Dave');
      await dave.getByRole('tab', { name: /Go\/No-go/ }).click();
      await board(dave).getByRole('button', { name: 'GO', exact: true }).click();
      const prompt = dave.getByRole('dialog', { name: 'GO, replacing an answer' });
      await prompt.locator('textarea').fill('all green here');
      // While Dave writes, Dana turns her GO into a NO-GO: his prompt never showed it.
      await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
      await prompt.getByRole('button', { name: 'Replace with GO' }).click();
      await expect
        .poll(() => dave.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
        .toContainEqual(
          expect.stringContaining('The answer you were replacing has changed since: Dana already answered for DBA (NO-GO: replication lag 40 s)'),
        );
      const round = hub.hub.registry.get(hub.cutoverId)!.runtime.state.polls[pollId]!.rounds[0]!;
      expect(round.answers['station:DBA']).toMatchObject({ vote: 'no_go', by: { name: 'Dana' } });
      for (const c of [lena, dana]) c.stop();
    } finally {
      await hub.stop();
    }
  });

  it('does not count a NO-GO written on round 1 in the round the lead put meanwhile, and says the question was asked again', { timeout: 60_000 }, async () => {
    const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    try {
      const lena = hub.client('lead', 'Lena');
      const sam = hub.client('operator', 'Sam');
      await Promise.all([lena, sam].map(live));
      await lena.send('cutover.update', { title: 'Votes night' }).done;
      await lena.send('cutover.start', {}).done;
      await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:operator', 'role:lead'] }).done;
      const pollId = lena.state.pollOrder[0]!;
      await sam.send('poll.answer', { pollId, vote: 'go' }).done;

      const dave = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.operator }), 'Dave');
      await dave.getByRole('tab', { name: /Go\/No-go/ }).click();
      await board(dave).getByRole('button', { name: 'NO-GO…' }).click();
      const prompt = dave.getByRole('dialog', { name: 'NO-GO' });
      await prompt.locator('textarea').fill('replica lag 40 s');
      // While Dave writes, the lead puts the question again: round 2, nobody has answered it.
      await lena.send('poll.repoll', { pollId }).done;
      await prompt.getByRole('button', { name: 'Answer NO-GO' }).click();
      await expect
        .poll(() => dave.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
        .toContainEqual(expect.stringContaining('“Switch DNS?” was asked again (round 2) since your screen showed round 1: look at it again, then answer'));
      expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.polls[pollId]!.rounds.at(-1)).toMatchObject({ round: 2, answers: {} });
      for (const c of [lena, sam]) c.stop();
    } finally {
      await hub.stop();
    }
  });
  it('refuses a GO decided on round 1 once the lead put the question again, and says so', { timeout: 60_000 }, async () => {
    const hub = await startTestHub({ staticDir: WEB_ROOT }, RUNBOOK, Date.now() - 5 * 60_000);
    try {
      const lena = hub.client('lead', 'Lena');
      const sam = hub.client('operator', 'Sam');
      await Promise.all([lena, sam].map(live));
      await lena.send('cutover.update', { title: 'Votes night' }).done;
      await lena.send('cutover.start', {}).done;
      await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:operator'] }).done;
      const pollId = lena.state.pollOrder[0]!;
      await sam.send('poll.answer', { pollId, vote: 'go' }).done;

      const chris = await open(webJoinLink({ hub: hub.hub.url, cutoverId: hub.cutoverId, token: hub.tokens.approver }), 'Chris');
      await chris.getByRole('button', { name: 'Decide GO…' }).first().click();
      const prompt = chris.getByRole('dialog', { name: 'Decision: GO' });
      await prompt.locator('textarea').fill('every answer is GO');
      // While Chris writes, the lead puts the question again: round 2, nobody has answered it.
      await lena.send('poll.repoll', { pollId }).done;
      await prompt.getByRole('button', { name: 'Record GO' }).click();
      await expect
        .poll(() => chris.getByTestId('refusal').allTextContents(), { timeout: 10_000 })
        .toContainEqual(
          expect.stringContaining('“Switch DNS?” was asked again (round 2) since your screen showed round 1: look at the new round, then decide'),
        );
      expect(hub.hub.registry.get(hub.cutoverId)!.runtime.state.decisions).toEqual([]);
      for (const c of [lena, sam]) c.stop();
    } finally {
      await hub.stop();
    }
  });
});

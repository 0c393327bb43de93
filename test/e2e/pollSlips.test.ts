import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { browserAvailable, crewBrowser, screenshot, WEB_ROOT, webBuildAvailable } from '../support/browser';
import { live, startTestHub, step, until, type TestHub } from '../support/hubHarness';

/*
 * Go/no-go in the browser, where the screen once said or did what the hub did not: a GO not
 * offered on a gate's poll, a reason typed into a prompt that vanished, a double click that
 * answered, or asked again, twice.
 */

const enabled = browserAvailable() && webBuildAvailable();

/** Stop the writes, a gate on the copy, then the switch. */
const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Move',
      steps: [
        step('stop', 'Stop writes', 0, 10, []),
        step('gate', 'Gate: data copied', 10, 5, ['stop'], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch', 15, 10, ['gate']),
      ],
    },
  ],
};

/** Long enough for a second command's refusal to have come back, had one been sent. */
const REFUSAL_WAIT_MS = 1_000;

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

const hubState = () => t!.hub.registry.get(t!.cutoverId)!.runtime.state;

/** Lena (the lead) through the hub, the night started and the step before the gate done. */
async function atTheGate() {
  t = await startTestHub({ staticDir: WEB_ROOT }, GATED, Date.now() - 5 * 60_000);
  const lena = t.client('lead', 'Lena');
  await live(lena);
  await lena.send('cutover.start', {}).done;
  await lena.send('step.complete', { stepId: 'stop' }).done;
  return lena;
}

/** `name` joined by the link of `role`, on the cutover screen. */
const join = (role: 'lead' | 'operator' | 'approver', name: string): Promise<Page> =>
  crew.open(webJoinLink({ hub: t!.hub.url, cutoverId: t!.cutoverId, token: t!.tokens[role] }), name, 'Database cutover');

const boardOf = (page: Page, pollId: string) => page.locator(`article.poll[data-poll-id="${pollId}"]`);

describe.skipIf(!enabled)('go/no-go slips in the browser', () => {
  it('offers the approver GO on the gate’s poll when an unrelated poll was opened since, and the hub takes it', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    const dan = t!.client('operator', 'Dan');
    await live(dan);
    await lena.send('poll.open', { question: 'Data copied OK?', stations: ['role:operator'], gateStepId: 'gate', answerBy: 'person' }).done;
    const gatePoll = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId: gatePoll, vote: 'go' }).done;
    // Before the approver decides, the lead asks something else of the night: no gate.
    await lena.send('poll.open', { question: 'Customer comms ready?', stations: ['role:lead'], answerBy: 'person' }).done;

    const chris = await join('approver', 'Chris');
    const panel = chris.getByTestId('decision-panel');
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Customer comms ready?');
    expect(await panel.textContent()).toContain('One more poll waits for a decision: see the Go/No-go tab.');
    await chris.getByRole('tab', { name: /Go\/No-go/ }).click();
    const board = boardOf(chris, gatePoll);
    // It was "Asked again since as “Customer comms ready?”: the decision is made there", with no decision offered.
    await board.getByRole('button', { name: 'Decide GO…' }).waitFor({ timeout: 5_000 });
    expect(await board.getByTestId('poll-asked-again').count()).toBe(0);
    await screenshot(chris, 'gate-poll-behind-unrelated-poll');
    await board.getByRole('button', { name: 'Decide GO…' }).click();
    const prompt = chris.getByRole('dialog', { name: 'Decision: GO on “Data copied OK?”' });
    await prompt.locator('textarea').fill('Row counts match');
    await prompt.getByRole('button', { name: 'Record GO' }).click();
    await until(lena, (l) => l.state.steps.gate!.status === 'done');
    await chris.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await chris.getByTestId('refusal').allTextContents()).toEqual([]);
  });

  it('offers no GO on the panel for a poll whose gate was asked again since, as the hub refuses it there', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    const dan = t!.client('operator', 'Dan');
    await live(dan);
    await lena.send('poll.open', { question: 'Data copied OK?', stations: ['role:operator'], gateStepId: 'gate', answerBy: 'person' }).done;
    const first = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId: first, vote: 'go' }).done;
    // The lead asks the gate again, then closes that board by hand: the panel holds the first one.
    await lena.send('poll.open', { question: 'Data copied, counts checked?', stations: ['role:operator', 'role:lead'], gateStepId: 'gate', answerBy: 'person' })
      .done;
    await lena.send('poll.close', { pollId: lena.state.pollOrder[1]! }).done;

    const chris = await join('approver', 'Chris');
    const panel = chris.getByTestId('decision-panel');
    await expect.poll(() => panel.getAttribute('data-poll-id')).toBe(first);
    await panel.getByRole('button', { name: 'HOLD…' }).waitFor();
    expect(await panel.getByRole('button', { name: 'Decide GO…' }).count()).toBe(0);
    expect(await panel.getByTestId('decision-asked-again').textContent()).toBe(
      'Asked again since as “Data copied, counts checked?”: a GO is recorded there, in the Go/No-go tab, where the newer answers are weighed. HOLD and ROLLBACK are taken here.',
    );
  });

  it('keeps a decision prompt and its reason on screen when a poll opens, titled with the poll it decides on', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    const chris = await join('approver', 'Chris');
    await chris.getByRole('tab', { name: /Go\/No-go/ }).click();
    await chris.locator('.decision-bar').getByRole('button', { name: 'ROLLBACK…' }).click();
    const reason = 'Replication broke at 02:10; orders diverging';
    await chris.getByRole('dialog', { name: 'Decision: ROLLBACK' }).locator('textarea').fill(reason);
    // The lead opens a poll while Chris writes: the decision panel takes the top of the screen.
    await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:lead'], answerBy: 'person' }).done;
    await chris.getByTestId('decision-panel').waitFor();
    const dialogs = chris.getByRole('dialog');
    expect(await dialogs.count()).toBe(1);
    expect(await dialogs.getAttribute('aria-label')).toBe('Decision: ROLLBACK');
    expect(await dialogs.locator('textarea').inputValue()).toBe(reason);
    await screenshot(chris, 'rollback-prompt-kept-as-poll-opens');
    // Once it is put away, the any-time bar steps aside for the panel.
    await dialogs.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => chris.locator('.decision-bar').count()).toBe(0);

    // On the panel, the prompt names its poll, and keeps it when a newer poll takes the panel.
    await chris.getByTestId('decision-panel').getByRole('button', { name: 'HOLD…' }).click();
    const hold = chris.getByRole('dialog', { name: 'Decision: HOLD on “Switch DNS?”' });
    await hold.locator('textarea').fill('Wait for the lag');
    await lena.send('poll.open', { question: 'Customer comms ready?', stations: ['role:lead'], answerBy: 'person' }).done;
    await expect.poll(() => chris.getByTestId('decision-panel').locator('h2').textContent()).toBe('Customer comms ready?');
    expect(await hold.locator('textarea').inputValue()).toBe('Wait for the lag');
    await hold.getByRole('button', { name: 'Record HOLD' }).click();
    await until(lena, (l) => l.state.decisions.length === 1);
    expect(lena.state.decisions[0]).toMatchObject({ decision: 'hold', pollId: lena.state.pollOrder[0] });
  });

  it('keeps the panel’s prompt and its reason when another approver decides the poll meanwhile', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:lead'], answerBy: 'person' }).done;
    const chris = await join('approver', 'Chris');
    await chris.getByTestId('decision-panel').getByRole('button', { name: 'HOLD…' }).click();
    const hold = chris.getByRole('dialog', { name: 'Decision: HOLD on “Switch DNS?”' });
    await hold.locator('textarea').fill('Replica lag 40 s on orders-db');
    // Another approver decides it first.
    const ava = t!.client('approver', 'Ava');
    await live(ava);
    await ava.send('decision.record', { pollId: lena.state.pollOrder[0]!, decision: 'hold', rationale: 'Wait for the DBA' }).done;
    await chris.getByTestId('decision-no-longer-waits').waitFor();
    expect(await hold.locator('textarea').inputValue()).toBe('Replica lag 40 s on orders-db');
    await screenshot(chris, 'prompt-kept-poll-decided');
    await hold.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => chris.getByTestId('decision-panel').count()).toBe(0);
  });

  it('counts a double-clicked GO once, with no refusal after it', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:operator'], answerBy: 'person' }).done;
    const pollId = lena.state.pollOrder[0]!;
    const dan = await join('operator', 'Dan');
    await dan.getByRole('button', { name: 'Answer…' }).click();
    // Dan is the last to answer: his GO closes the round, and a second would be refused on it.
    await boardOf(dan, pollId).getByRole('button', { name: 'GO', exact: true }).dblclick();
    await expect.poll(() => hubState().polls[pollId]!.rounds[0]!.closeReason).toBe('complete');
    await dan.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await dan.getByTestId('refusal').allTextContents()).toEqual([]);
    expect(hubState().polls[pollId]!.rounds[0]!.history.map((a) => [a.by.name, a.vote])).toEqual([['Dan', 'go']]);
  });

  it('asks the lead before a Re-poll closes a round’s answers', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    const dan = t!.client('operator', 'Dan');
    await live(dan);
    // The lead is asked too, so the round stays open once Dan has answered.
    await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:operator', 'role:lead'], answerBy: 'person' }).done;
    const pollId = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId, vote: 'no_go', comment: 'Lag 40 s' }).done;

    const lead = await join('lead', 'Lena');
    await lead.getByRole('tab', { name: /Go\/No-go/ }).click();
    await boardOf(lead, pollId).getByRole('button', { name: 'Re-poll' }).click();
    const ask = lead.getByRole('dialog', { name: 'Ask “Switch DNS?” again' });
    expect(await ask.count()).toBe(1);
    expect(await ask.textContent()).toContain('Round 1 is still open, with answers in (0 GO · 1 NO-GO · ');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(hubState().polls[pollId]!.rounds).toHaveLength(1);
    // Confirmed, it asks again.
    await boardOf(lead, pollId).getByRole('button', { name: 'Re-poll' }).click();
    await ask.getByRole('button', { name: 'Re-poll' }).click();
    await expect.poll(() => hubState().polls[pollId]!.rounds.map((r) => r.closeReason)).toEqual(['repolled', null]);
  });

  it('asks again once on a double-clicked Re-poll, with no refusal after it', { timeout: 60_000 }, async () => {
    const lena = await atTheGate();
    const dan = t!.client('operator', 'Dan');
    const chris = t!.client('approver', 'Chris');
    await Promise.all([live(dan), live(chris)]);
    await lena.send('poll.open', { question: 'Switch DNS?', stations: ['role:operator'], answerBy: 'person' }).done;
    const pollId = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId, vote: 'no_go', comment: 'Lag 40 s' }).done;
    await chris.send('decision.record', { pollId, decision: 'hold', rationale: 'Wait for the lag', after: null, round: 1 }).done;

    const lead = await join('lead', 'Lena');
    await lead.getByRole('tab', { name: /Go\/No-go/ }).click();
    // Held, the round is closed: Re-poll asks again at once, and the second click would be refused on the empty new round.
    await boardOf(lead, pollId).getByRole('button', { name: 'Re-poll' }).dblclick();
    await expect.poll(() => hubState().polls[pollId]!.rounds.length).toBe(2);
    await lead.waitForTimeout(REFUSAL_WAIT_MS);
    expect(await lead.getByTestId('refusal').allTextContents()).toEqual([]);
    expect(hubState().polls[pollId]!.rounds).toHaveLength(2);
  });
});

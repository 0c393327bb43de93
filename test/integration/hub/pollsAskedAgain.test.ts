import { afterEach, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { live, refusal, startTestHub, step, until, type TestHub } from '../../support/hubHarness';

/** Stop the writes, a gate on the copy, then the switch. */
const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Move',
      steps: [
        step('stop', 'Stop writes', 0, 10, []),
        step('gate', 'Gate: data copied', 10, 5, ['stop'], { kind: 'gate' }),
        step('switch', 'Switch', 15, 10, ['gate']),
      ],
    },
  ],
};

let t: TestHub;
afterEach(async () => t?.stop());

/** Lena (lead), Leo (a second lead), Dan (operator) and Chris (approver), live, the night started and the gate's step before it done. */
async function atTheGate() {
  t = await startTestHub({}, GATED);
  const lena = t.client('lead', 'Lena');
  const leo = t.client('lead', 'Leo');
  const dan = t.client('operator', 'Dan');
  const chris = t.client('approver', 'Chris');
  await Promise.all([lena, leo, dan, chris].map(live));
  await lena.send('cutover.start', {}).done;
  await lena.send('step.complete', { stepId: 'stop' }).done;
  return { lena, leo, dan, chris };
}

const hubState = () => t.hub.registry.get(t.cutoverId)!.runtime.state;

describe('a poll asked again, through a real hub', () => {
  it('takes the GO on the gate’s poll when an unrelated question was opened since: it is not the gate’s question asked again', async () => {
    const { lena, dan, chris } = await atTheGate();
    await lena.send('poll.open', { question: 'Data copied OK?', stations: ['role:operator'], gateStepId: 'gate', answerBy: 'person' }).done;
    const gatePoll = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId: gatePoll, vote: 'go' }).done;
    // Before Chris decides, the lead asks something else of the night, with no gate.
    await lena.send('poll.open', { question: 'Customer comms ready?', stations: ['role:operator'], answerBy: 'person' }).done;
    await until(chris, (c) => c.state.pollOrder.length === 2);

    expect(await refusal(chris.send('decision.record', { pollId: gatePoll, decision: 'go', rationale: 'Row counts match', after: null, round: 1 }).done)).toBe(
      'accepted',
    );
    await until(lena, (l) => l.state.steps.gate!.status === 'done');
    expect(hubState().decisions).toMatchObject([{ pollId: gatePoll, decision: 'go' }]);
  });

  it('still refuses a GO on a question without a gate put again in the same words, and on a gate’s poll asked again in other words', async () => {
    const { lena, dan, chris } = await atTheGate();
    const ask = (question: string, gate: boolean) =>
      lena.send('poll.open', { question, stations: ['role:operator', 'role:lead'], answerBy: 'person', ...(gate ? { gateStepId: 'gate' } : {}) }).done;
    // Without a gate: the same question, closed by the lead and asked again.
    await ask('Pause the consumers?', false);
    const consumers = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId: consumers, vote: 'go' }).done;
    await lena.send('poll.close', { pollId: consumers }).done;
    await ask(' Pause the consumers? ', false);
    await until(chris, (c) => c.state.pollOrder.length === 2);
    expect(await refusal(chris.send('decision.record', { pollId: consumers, decision: 'go', rationale: 'ok', after: null }).done)).toMatch(
      /^“Pause the consumers\?” was asked again since \(Lena\), and that round is not decided/,
    );
    // On the gate: asked again in other words.
    await ask('Data copied OK?', true);
    await until(lena, (l) => l.state.pollOrder.length === 3);
    const copied = lena.state.pollOrder[2]!;
    await dan.send('poll.answer', { pollId: copied, vote: 'go' }).done;
    await lena.send('poll.close', { pollId: copied }).done;
    await ask('Data copied, row counts checked?', true);
    await until(chris, (c) => c.state.pollOrder.length === 4);
    expect(await refusal(chris.send('decision.record', { pollId: copied, decision: 'go', rationale: 'ok', after: null }).done)).toMatch(
      /^“Data copied OK\?” was asked again since, as “Data copied, row counts checked\?” \(Lena\)/,
    );
    expect(hubState().steps.gate!.status).toBe('pending');
  });

  it('refuses a Re-poll that lands after another lead asked again, and keeps the newer round’s answers', async () => {
    const { lena, leo, dan, chris } = await atTheGate();
    // The lead is asked too: each round stays open once Dan has answered.
    await lena.send('poll.open', { question: 'Switch?', stations: ['role:operator', 'role:lead'], answerBy: 'person' }).done;
    const pollId = lena.state.pollOrder[0]!;
    await dan.send('poll.answer', { pollId, vote: 'go', round: 1 }).done;
    await chris.send('decision.record', { pollId, decision: 'hold', rationale: 'Wait for the lag', after: null, round: 1 }).done;
    // Both leads press Re-poll on round 1; Leo's lands first, and Dan answers the new round.
    await leo.send('poll.repoll', { pollId, round: 1 }).done;
    await dan.send('poll.answer', { pollId, vote: 'no_go', comment: 'Lag 40 s', round: 2 }).done;
    // Lena's, sent from the board that showed round 1, lands now.
    expect(await refusal(lena.send('poll.repoll', { pollId, round: 1 }).done)).toBe(
      '“Switch?” was asked again (round 2) since your screen showed round 1: look at the new round before asking again',
    );
    const poll = hubState().polls[pollId]!;
    expect(poll.rounds.map((r) => [r.round, r.closeReason])).toEqual([
      [1, 'decided'],
      [2, null],
    ]);
    expect(Object.values(poll.rounds[1]!.answers)).toMatchObject([{ vote: 'no_go', comment: 'Lag 40 s', by: { name: 'Dan' } }]);
    // Sent from a board showing round 2, it asks again.
    expect(await refusal(lena.send('poll.repoll', { pollId, round: 2 }).done)).toBe('accepted');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import type { RunbookPlan } from '@shared/cutover';
import { pollTally, tallyLine } from '@shared/polls';
import { live, nodeClient, refusal, startTestHub, step, until, type TestHub } from '../../support/hubHarness';

const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [step('gate', 'Go/no-go', 0, 5, [], { kind: 'gate' }), step('switch', 'Switch DNS', 5, 20, ['gate'], { pointOfNoReturn: true })],
    },
  ],
};

let t: TestHub;
const extra: HubClient[] = [];
afterEach(async () => {
  for (const c of extra.splice(0)) c.stop();
  await t?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A night with a lead, an approver, and Dana and Dave who both came in on the one DBA link. */
async function night(now?: () => number) {
  t = await startTestHub(now ? { now } : {}, GATED);
  const lead = t.client('lead', 'Lena');
  const cto = t.client('approver', 'Chris');
  await Promise.all([live(lead), live(cto)]);
  const { result } = await lead.send('invite.create', { role: 'operator', station: 'DBA' }).outcome;
  const { token } = result as { token: string };
  const [dana, dave] = ['Dana', 'Dave'].map((name) => nodeClient(t.hub.url, t.cutoverId, token, name));
  for (const c of [dana!, dave!]) {
    extra.push(c);
    c.start();
  }
  await Promise.all([dana!, dave!].map(live));
  expect(dana!.member!.id).not.toBe(dave!.member!.id);
  await lead.send('cutover.start', {}).done;
  return { lead, cto, dana: dana!, dave: dave! };
}

const board = (c: HubClient, pollId: string) => pollTally(c.state, c.state.polls[pollId]!);
const rows = (c: HubClient, pollId: string) => board(c, pollId).rows.map((r) => `${r.who ?? '-'}: ${r.vote ?? 'waiting'}${r.reason ? ` (${r.reason})` : ''}`);

describe('votes through a real hub', () => {
  it('gives two people on one operator link a vote each: the second’s GO leaves the first’s NO-GO on the board', async () => {
    const { lead, cto, dana, dave } = await night();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['station:DBA', 'role:approver'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
    await dave.send('poll.answer', { pollId, vote: 'go' }).done;
    await until(cto, (c) => board(c, pollId).go === 1);
    expect(rows(cto, pollId)).toEqual(['Dana: no_go (replication lag 40 s)', 'Dave: go', 'Chris: waiting']);
    expect(tallyLine(board(cto, pollId))).toBe('1 GO · 1 NO-GO · 1 waiting');
    await cto.send('poll.answer', { pollId, vote: 'go' }).done;
    await until(lead, (l) => l.state.polls[pollId]!.rounds[0]!.closeReason === 'complete', 5000, 'the round to complete');
    expect(rows(lead, pollId)).toEqual(['Dana: no_go (replication lag 40 s)', 'Dave: go', 'Chris: go']);
  });

  it('in a poll answered by station, refuses a silent replacement of someone else’s answer and takes a confirmed one', async () => {
    const { lead, cto, dana, dave } = await night();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['station:DBA', 'role:approver'], answerBy: 'station' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
    expect(await refusal(dave.send('poll.answer', { pollId, vote: 'go' }).done)).toBe(
      'Dana already answered for DBA (NO-GO: replication lag 40 s); confirm to replace it',
    );
    expect(rows(lead, pollId)).toEqual(['Dana: no_go (replication lag 40 s)', '-: waiting']);
    // Confirmed, a GO over her NO-GO still says what changed.
    expect(await refusal(dave.send('poll.answer', { pollId, vote: 'go', replace: true }).done)).toBe(
      'Dana answered NO-GO (replication lag 40 s): a GO in its place needs a note saying what changed',
    );
    await dave.send('poll.answer', { pollId, vote: 'go', comment: 'lag is 2 s now', replace: true }).done;
    await until(cto, (c) => board(c, pollId).go === 1);
    expect(board(cto, pollId).rows[0]).toMatchObject({
      who: 'Dave',
      vote: 'go',
      reason: 'lag is 2 s now',
      replaced: [{ station: 'station:DBA', by: { name: 'Dana' }, vote: 'no_go', comment: 'replication lag 40 s' }],
    });
    expect(cto.state.polls[pollId]!.rounds[0]!.history.map((a) => `${a.by.name}:${a.vote}`)).toEqual(['Dana:no_go', 'Dave:go']);
  });

  it('asks again before a confirmed replacement lands on an answer that took the place of the one the prompt showed', async () => {
    const { lead, cto, dana, dave } = await night();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['station:DBA', 'role:approver'], answerBy: 'station' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'go' }).done;
    // Dave's prompt shows Dana's GO; while he writes his note, Dana turns hers into a NO-GO.
    const shown = [{ station: 'station:DBA', by: dana.member!.id, vote: 'go' as const }];
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
    expect(await refusal(dave.send('poll.answer', { pollId, vote: 'go', comment: 'all green here', replace: true, replacing: shown }).done)).toBe(
      'The answer you were replacing has changed since: Dana already answered for DBA (NO-GO: replication lag 40 s); confirm to replace it',
    );
    await until(cto, (c) => board(c, pollId).noGo === 1);
    expect(rows(cto, pollId)).toEqual(['Dana: no_go (replication lag 40 s)', '-: waiting']);
    // Shown the NO-GO, he may still replace it, with his note on the record.
    const now = [{ station: 'station:DBA', by: dana.member!.id, vote: 'no_go' as const }];
    await dave.send('poll.answer', { pollId, vote: 'go', comment: 'lag is 2 s now', replace: true, replacing: now }).done;
    await until(cto, (c) => board(c, pollId).go === 1);
  });

  it('turns a NO-GO into a GO only with a note saying what changed: a stray click on GO leaves the objection standing', async () => {
    const { lead, cto, dana } = await night();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['station:DBA', 'role:approver'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
    await until(cto, (c) => board(c, pollId).noGo === 1);
    expect(await refusal(dana.send('poll.answer', { pollId, vote: 'go' }).done)).toBe(
      'You answered NO-GO (replication lag 40 s): a GO in its place needs a note saying what changed',
    );
    expect(rows(cto, pollId)).toEqual(['Dana: no_go (replication lag 40 s)', 'Dave: waiting', 'Chris: waiting']);
    // A GO changed to a NO-GO needs no more than any NO-GO (a reason); back to GO, a note again.
    await dana.send('poll.answer', { pollId, vote: 'go', comment: 'lag is 2 s now' }).done;
    await until(cto, (c) => board(c, pollId).go === 1);
    expect(rows(cto, pollId)).toEqual(['Dana: go (lag is 2 s now)', 'Dave: waiting', 'Chris: waiting']);
    await dana.send('poll.answer', { pollId, vote: 'go' }).done; // GO over her own GO: nothing to explain
    expect(cto.state.polls[pollId]!.rounds[0]!.history.map((a) => `${a.vote}:${a.comment}`)).toEqual([
      'no_go:replication lag 40 s',
      'go:lag is 2 s now',
      'go:',
    ]);
  });

  it('takes the approver’s GO over a standing NO-GO or a condition ticked as not met only as an override, recording what it went over', async () => {
    const { lead, cto, dana } = await night();
    await lead.send('poll.open', {
      question: 'Switch DNS?',
      stations: ['station:DBA', 'role:approver'],
      gateStepId: 'gate',
      conditions: ['Orders queue drained', 'Crew on the bridge'],
    }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'queue not drained: 1,200 on billing' }).done;
    await dana.send('poll.check', { pollId, index: 0, met: false }).done;
    await until(cto, (c) => board(c, pollId).noGo === 1 && c.state.polls[pollId]!.conditions[0]!.met === false);
    expect(await refusal(cto.send('decision.record', { pollId, decision: 'go', rationale: 'Looks fine' }).done)).toBe(
      'Not every condition is met: “Orders queue drained” (ticked as not met by Dana). A NO-GO stands: Dana (DBA): queue not drained: 1,200 on billing. A GO over them needs an override reason',
    );
    expect(cto.state.steps.gate!.status).toBe('pending');
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'Go', override: 'Billing drains on its own; the rest is empty' }).done;
    await until(lead, (l) => l.state.steps.gate!.status === 'done');
    // “Crew on the bridge”, which nobody ticked, says nothing either way: it is not in the override.
    expect(lead.state.decisions.at(-1)).toMatchObject({
      decision: 'go',
      override: {
        reason: 'Billing drains on its own; the rest is empty',
        unmet: ['Orders queue drained'],
        noGos: ['Dana (DBA): queue not drained: 1,200 on billing'],
      },
    });
  });

  it('takes a GO given while a poll is open only on that poll: without naming it, a standing NO-GO would go unrecorded', async () => {
    const { lead, cto, dana } = await night();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['station:DBA', 'role:approver'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
    expect(await refusal(cto.send('decision.record', { decision: 'go', rationale: 'fine' }).done)).toBe(
      'The poll “Switch DNS?” is open: record the GO on it, where its answers and conditions are weighed',
    );
    expect(cto.state.decisions).toEqual([]);
    // On the poll, the same GO is an override, with what it went over on the record.
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'fine', override: 'lag is 2 s now' }).done;
    await until(lead, (l) => l.state.steps.gate!.status === 'done');
    expect(lead.state.decisions.at(-1)).toMatchObject({ pollId, override: { noGos: ['Dana (DBA): replication lag 40 s'] } });
    // Once no poll is open, a GO at any moment of the night needs no poll.
    await cto.send('decision.record', { decision: 'go', rationale: 'still go' }).done;
  });

  it('polls again after a HOLD with the same stations and conditions, a numbered round, and as long to answer as the first', async () => {
    let clock = Date.now();
    const { lead, cto, dana } = await night(() => clock);
    await lead.send('poll.open', {
      question: 'Switch DNS?',
      stations: ['station:DBA', 'role:approver'],
      conditions: ['lag under 5 s'],
      deadline: clock + 5 * 60_000,
    }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dana.send('poll.answer', { pollId, vote: 'no_go', comment: 'lag 40 s' }).done;
    await dana.send('poll.check', { pollId, index: 0, met: false }).done;
    await cto.send('decision.record', { pollId, decision: 'hold', rationale: 'wait for the lag' }).done;
    clock += 10 * 60_000; // past the first round's deadline
    await lead.send('poll.repoll', { pollId }).done;
    const reopenedAt = clock;
    // The hub checks deadlines every second: the new round must outlive a few of those checks.
    await sleep(1500);
    const poll = lead.state.polls[pollId]!;
    expect(poll.rounds.map((r) => [r.round, r.closeReason])).toEqual([
      [1, 'decided'],
      [2, null],
    ]);
    expect(poll.rounds[1]!.openedAt).toBe(reopenedAt);
    expect(poll).toMatchObject({
      stations: ['station:DBA', 'role:approver'],
      answerBy: 'person',
      conditions: [{ text: 'lag under 5 s', met: false }],
      deadline: reopenedAt + 5 * 60_000,
    });
    expect(board(lead, pollId)).toMatchObject({ round: 2, decision: null, go: 0, noGo: 0, waiting: 3 });
    clock += 6 * 60_000;
    await until(lead, (l) => l.state.polls[pollId]!.rounds[1]!.closeReason === 'deadline', 4000, 'round 2 to close at its own deadline');
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../../electron/hub/hub';
import type { RunbookPlan } from '@shared/cutover';
import { CloseCode } from '@shared/protocol';
import { live, nodeClient, refusal, startTestHub, step, until, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('prep', 'Stop cron jobs', 0, 10, []),
        step('gate', 'Go/no-go', 10, 5, ['prep'], { kind: 'gate' }),
        step('switch', 'Switch DNS', 15, 20, ['gate'], { pointOfNoReturn: true }),
      ],
    },
  ],
};

let t: TestHub;
afterEach(async () => t?.stop());

/** The lead invites a station through the protocol; the token comes back in the ack only. */
async function invite(lead: ReturnType<TestHub['client']>, role: 'operator' | 'approver' | 'observer', station: string) {
  const { result } = await lead.send('invite.create', { role, station }).outcome;
  return result as { inviteId: string; token: string };
}

/** The night started and its gate's dependency done, with two approvers, Chris and Ana, watching. */
async function twoApproversAtTheGate() {
  t = await startTestHub({}, GATED);
  const lead = t.client('lead', 'Lena');
  const chris = t.client('approver', 'Chris');
  const ana = t.client('approver', 'Ana');
  await Promise.all([lead, chris, ana].map(live));
  await lead.send('cutover.start', {}).done;
  await lead.send('step.complete', { stepId: 'prep' }).done;
  return { lead, chris, ana };
}

describe('go/no-go through a real hub', () => {
  it('runs a poll from invite to GO, with every refusal on the way explained', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const dbaInvite = await invite(lead, 'operator', 'DBA');
    const sreInvite = await invite(lead, 'operator', 'SRE');
    expect(lead.events.some((e) => JSON.stringify(e).includes(dbaInvite.token))).toBe(false);
    const dba = nodeClient(t.hub.url, t.cutoverId, dbaInvite.token, 'Dana');
    const sre = nodeClient(t.hub.url, t.cutoverId, sreInvite.token, 'Sam');
    const cto = t.client('approver', 'Chris');
    const olive = t.client('observer', 'Olive');
    for (const c of [dba, sre]) c.start();
    await Promise.all([dba, sre, cto, olive].map(live));
    expect(dba.member).toMatchObject({ role: 'operator', station: 'DBA', inviteId: dbaInvite.inviteId });

    await lead.send('cutover.start', {}).done;
    await dba.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch DNS to AWS?', stations: ['station:DBA', 'station:SRE', 'role:approver'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;

    expect(await refusal(olive.send('poll.answer', { pollId, vote: 'go' }).done)).toBe('An observer may not answer a poll');
    expect(await refusal(lead.send('poll.answer', { pollId, vote: 'go' }).done)).toBe('You are not one of the stations this poll asks (DBA, SRE, approver)');
    expect(await refusal(lead.send('step.complete', { stepId: 'gate' }).done)).toMatch(/is a gate: it completes when the approver records GO/);
    await dba.send('poll.answer', { pollId, vote: 'no_go', comment: 'replication lag 40 s' }).done;
    await lead.send('poll.repoll', { pollId }).done;
    await dba.send('poll.answer', { pollId, vote: 'go' }).done;
    await sre.send('poll.answer', { pollId, vote: 'go' }).done;
    await cto.send('poll.answer', { pollId, vote: 'go' }).done;
    await until(lead, (l) => l.state.polls[pollId]!.rounds[1]!.closeReason === 'complete');
    expect(await refusal(sre.send('poll.answer', { pollId, vote: 'no_go', comment: 'too late' }).done)).toMatch(/is closed; answers are no longer taken/);
    expect(await refusal(lead.send('decision.record', { pollId, decision: 'go', rationale: 'x' }).done)).toBe('The lead may not record a go/no-go decision');
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'All stations GO, lag 2 s' }).done;
    await until(olive, (o) => o.state.steps.gate!.status === 'done');
    expect(olive.state.steps.gate!.endedBy).toBe('Chris');
    for (const c of [dba, sre]) c.stop();
  });

  it('asks one question before a gate at a time: a second poll for it, sent at once or later, is refused', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const ask = (question: string, gate = true) =>
      lead.send('poll.open', { question, stations: ['role:approver'], ...(gate ? { gateStepId: 'gate' } : {}) }).done;
    // A double click on Open: two commands, each with its own id, on the wire together.
    const [first, second] = await Promise.all([refusal(ask('Switch DNS to AWS?')), refusal(ask('Switch DNS to AWS?'))]);
    expect([first, second].sort()).toEqual(['The gate “Go/no-go” already has a poll open: “Switch DNS to AWS?”', 'accepted']);
    expect(await refusal(ask('Go now?'))).toBe('The gate “Go/no-go” already has a poll open: “Switch DNS to AWS?”');
    // A double click on Re-poll while nobody has answered: nothing to ask again.
    const gatePoll = lead.state.pollOrder[0]!;
    expect(await refusal(lead.send('poll.repoll', { pollId: gatePoll }).done)).toBe(
      'Round 1 of “Switch DNS to AWS?” has no answers yet: it is being asked now',
    );
    expect(lead.state.pollOrder).toHaveLength(1);
    // A question of the night, not before a gate: the same one twice is refused, another is not.
    expect(await refusal(ask('Pause the consumers?', false))).toBe('accepted');
    expect(await refusal(ask('Pause the consumers?', false))).toBe('A poll asking “Pause the consumers?” is already open');
    // Once the gate's poll is closed, the gate may be asked about again.
    await lead.send('poll.close', { pollId: lead.state.pollOrder[0]! }).done;
    expect(await refusal(ask('Switch DNS to AWS, take two?'))).toBe('accepted');
    await until(lead, (c) => c.state.pollOrder.length === 3);
  });

  it('records one decision a round: a GO sent with a HOLD on the same round is refused, not recorded over it', async () => {
    const { lead, chris, ana } = await twoApproversAtTheGate();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await chris.send('poll.answer', { pollId, vote: 'go' }).done;
    // Two approvers decide the same round at once, one HOLD, one GO.
    const [hold, go] = await Promise.all([
      refusal(chris.send('decision.record', { pollId, decision: 'hold', rationale: 'Lag is climbing again' }).done),
      refusal(ana.send('decision.record', { pollId, decision: 'go', rationale: 'All GO' }).done),
    ]);
    const [first] = [hold, go].filter((r) => r === 'accepted');
    expect(first).toBe('accepted');
    const refused = [hold, go].find((r) => r !== 'accepted');
    expect(refused).toMatch(/^Round 1 of “Switch DNS\?” is already decided: (HOLD by Chris|GO by Ana)\. Poll again to decide again$/);
    const state = t.hub.registry.get(t.cutoverId)!.runtime.state;
    expect(state.decisions).toHaveLength(1);
    // Whichever came first stands: a HOLD leaves the gate waiting, a GO passes it.
    expect(state.steps.gate!.status === 'done').toBe(state.decisions[0]!.decision === 'go');
  });

  it('refuses a GO on a poll asked again since, so a NO-GO on the newer board is weighed, not passed over', async () => {
    const { lead, chris, ana } = await twoApproversAtTheGate();
    await lead.send('poll.open', { question: 'Switch DNS?', stations: ['role:approver'], gateStepId: 'gate', answerBy: 'person' }).done;
    const first = lead.state.pollOrder[0]!;
    await chris.send('poll.answer', { pollId: first, vote: 'go' }).done;
    await lead.send('poll.close', { pollId: first }).done;
    // The lead puts the question again on a new board; Ana says no there.
    await lead.send('poll.open', { question: 'Switch DNS now?', stations: ['role:approver'], gateStepId: 'gate', answerBy: 'person' }).done;
    await until(chris, (c) => c.state.pollOrder.length === 2);
    const second = chris.state.pollOrder[1]!;
    await ana.send('poll.answer', { pollId: second, vote: 'no_go', comment: 'Replication lag 40 s' }).done;
    await until(chris, (c) => Object.keys(c.state.polls[second]!.rounds[0]!.answers).length === 1);
    // Chris's GO on the first board, where nothing stands against it, would pass the gate over Ana's NO-GO.
    expect(await refusal(chris.send('decision.record', { pollId: first, decision: 'go', rationale: 'All GO', after: null }).done)).toBe(
      '“Switch DNS?” was asked again since, as “Switch DNS now?” (Lena), and that round is not decided: record the GO there, where the crew’s newer answers are weighed',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state).toMatchObject({ decisions: [], steps: { gate: { status: 'pending' } } });
    // On the newer board the NO-GO is weighed: a GO goes over it only as an override, on the record.
    expect(await refusal(chris.send('decision.record', { pollId: second, decision: 'go', rationale: 'All GO', after: null }).done)).toMatch(/NO-GO/);
    await chris.send('decision.record', { pollId: second, decision: 'go', rationale: 'Lag back to 2 s', override: 'Ana checked again: 2 s', after: null }).done;
    await until(lead, (l) => l.state.steps.gate!.status === 'done');
    expect(lead.state.decisions[0]).toMatchObject({ pollId: second, override: { noGos: [expect.stringContaining('Ana')] } });
  });

  it('puts every step the night started on the way back: one blocked half-way, one failed and reopened, not one never started', async () => {
    t = await startTestHub(
      {},
      {
        phases: [
          {
            id: 'p1',
            title: 'Move',
            steps: [
              step('cron', 'Terminate the cron jobs', 0, 10, [], { rollbackNote: 'Start the cron jobs again' }),
              step('copy', 'Copy the sessions table', 10, 10, [], { rollbackNote: 'Drop the copied sessions table' }),
              step('ttl', 'Lower the DNS TTL', 20, 5, [], { rollbackNote: 'Raise the DNS TTL back to 3600' }),
            ],
          },
        ],
      },
    );
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([lead, cto].map(live));
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'cron' }).done;
    await lead.send('step.block', { stepId: 'cron', reason: 'two hosts did not answer' }).done;
    await lead.send('step.start', { stepId: 'copy' }).done;
    await lead.send('step.fail', { stepId: 'copy', reason: 'disk full half-way' }).done;
    await lead.send('step.reopen', { stepId: 'copy', reason: 'try again after cleanup' }).done;
    await cto.send('decision.record', { decision: 'rollback', rationale: 'the night is going nowhere', after: null }).done;
    await until(lead, (l) => l.state.rollback !== null);
    // Both changes are half made: the way back undoes the later first. The TTL was never touched.
    const rollback = lead.state.phases.find((p) => p.id === 'rollback')!;
    expect(rollback.stepIds.map((id) => lead.state.steps[id]!.title)).toEqual(['Drop the copied sessions table', 'Start the cron jobs again']);
  });

  it('closes a poll at its deadline on the hub’s clock', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('poll.open', { question: 'Quick check', stations: ['role:approver'], deadline: Date.now() + 300 }).done;
    const pollId = lead.state.pollOrder[0]!;
    await until(lead, (l) => l.state.polls[pollId]!.rounds[0]!.closeReason === 'deadline', 4000, 'deadline close');
    expect(lead.events[lead.events.length - 1]).toMatchObject({ type: 'poll.closed', actor: { role: 'system' } });
  });

  it('disconnects the holder of a revoked token at once, and the token stays dead after a restart', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const inv = await invite(lead, 'operator', 'DBA');
    const raw = await RawSocket.open(t.hub.url, t.cutoverId, inv.token);
    raw.send({ t: 'hello', protocol: 1, name: 'Dana', since: 0 });
    await raw.next('synced');
    await lead.send('invite.revoke', { inviteId: inv.inviteId }).done;
    expect(await raw.closedWith()).toEqual({ code: CloseCode.revoked, reason: 'The lead revoked this invite' });
    // docs/protocol.md: a revoked token gets 4410 (this once asserted 4401, the wrong answer).
    const again = await RawSocket.open(t.hub.url, t.cutoverId, inv.token);
    expect((await again.closedWith()).code).toBe(CloseCode.revoked);
    lead.stop();
    await t.hub.close();
    t.hub = await startHub({ dataDir: t.dir, port: 0, log: () => undefined });
    const afterRestart = await RawSocket.open(t.hub.url, t.cutoverId, inv.token);
    expect((await afterRestart.closedWith()).code).toBe(CloseCode.revoked);
    const stored = await readFile(join(t.dir, 'cutovers', t.cutoverId, 'invites.json'), 'utf8');
    expect(stored).not.toContain(inv.token);
    expect(JSON.parse(stored).find((i: { id: string }) => i.id === inv.inviteId).revokedAt).not.toBeNull();
  });

  it('applies a role change to the member’s very next command', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const olive = await t.personal(lead, 'observer', 'Olive');
    await live(olive);
    await lead.send('cutover.start', {}).done;
    expect(await refusal(olive.send('note.add', { text: 'hello', severity: 'info' }).done)).toBe('An observer may not add notes to the timeline');
    await lead.send('member.setRole', { memberId: olive.member!.id, role: 'operator' }).done;
    await olive.send('note.add', { text: 'now I can', severity: 'info' }).done;
  });

  it('keeps the only approver while a poll waits for them, and lets the role go once another holds it', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([lead, cto].map(live));
    const ops = await t.personal(lead, 'operator', 'Oscar');
    await live(ops);
    // No poll open: an approver's role may change freely.
    await lead.send('member.setRole', { memberId: cto.member!.id, role: 'observer' }).done;
    await lead.send('member.setRole', { memberId: cto.member!.id, role: 'approver' }).done;

    await lead.send('cutover.start', {}).done;
    await ops.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch DNS to AWS?', stations: ['role:operator'], gateStepId: 'gate' }).done;
    const waits = 'The poll “Switch DNS to AWS?” waits for a decision and Chris is the only approver: make someone else approver first';
    expect(await refusal(lead.send('member.setRole', { memberId: cto.member!.id, role: 'observer' }).done)).toBe(waits);
    expect(lead.state.members[cto.member!.id]!.role).toBe('approver');
    // Every answer in closes the round, and it still waits for Chris's decision.
    const pollId = lead.state.pollOrder[0]!;
    await ops.send('poll.answer', { pollId, vote: 'go' }).done;
    await until(lead, (l) => l.state.polls[pollId]!.rounds.at(-1)!.closeReason === 'complete');
    expect(await refusal(lead.send('member.setRole', { memberId: cto.member!.id, role: 'observer' }).done)).toBe(waits);

    // With a second approver, Chris may hand it over.
    await lead.send('member.setRole', { memberId: ops.member!.id, role: 'approver' }).done;
    await lead.send('member.setRole', { memberId: cto.member!.id, role: 'observer' }).done;
    await until(lead, (l) => l.state.members[cto.member!.id]!.role === 'observer');
  });

  it('counts an answer, a close and a condition’s mark only on the round and the mark their sender’s screen showed', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const dave = t.client('operator', 'Dave');
    const ana = t.client('operator', 'Ana');
    await Promise.all([lead, dave, ana].map(live));
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', {
      question: 'Switch DNS to AWS?',
      stations: ['role:operator', 'role:lead'],
      gateStepId: 'gate',
      conditions: ['Lag under 5 s'],
    }).done;
    const pollId = lead.state.pollOrder[0]!;
    await ana.send('poll.answer', { pollId, vote: 'no_go', comment: 'lag 40 s', round: 1 }).done;
    // The lead puts the question again; Dave's GO, pressed on round 1 while offline, lands after it.
    await lead.send('poll.repoll', { pollId }).done;
    expect(await refusal(dave.send('poll.answer', { pollId, vote: 'go', round: 1 }).done)).toBe(
      '“Switch DNS to AWS?” was asked again (round 2) since your screen showed round 1: look at it again, then answer',
    );
    expect(await refusal(lead.send('poll.close', { pollId, round: 1 }).done)).toBe(
      '“Switch DNS to AWS?” was asked again (round 2) since your screen showed round 1: look at it again before closing it',
    );
    const state = () => t!.hub.registry.get(t!.cutoverId)!.runtime.state;
    expect(state().polls[pollId]!.rounds.at(-1)).toMatchObject({ round: 2, answers: {}, closedAt: null });
    await dave.send('poll.answer', { pollId, vote: 'go', round: 2 }).done;

    // Ana marks the condition not met; Lena's "Mark met", pressed on the unticked one, does not turn it over.
    await ana.send('poll.check', { pollId, index: 0, met: false, was: null }).done;
    expect(await refusal(lead.send('poll.check', { pollId, index: 0, met: true, was: null }).done)).toBe(
      '“Lag under 5 s” was marked not met by Ana since your screen showed it: look again',
    );
    expect(state().polls[pollId]!.conditions[0]).toMatchObject({ met: false, by: 'Ana' });
  });

  it('refuses a GO decided on a round the lead has since put again, instead of closing the new round unanswered', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const dave = t.client('operator', 'Dave');
    const cto = t.client('approver', 'Chris');
    await Promise.all([lead, dave, cto].map(live));
    await lead.send('cutover.start', {}).done;
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch DNS to AWS?', stations: ['role:operator'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dave.send('poll.answer', { pollId, vote: 'go', round: 1 }).done;
    // Chris sees round 1 all GO and writes why; meanwhile Ana raised a doubt and the lead asks again.
    await lead.send('poll.repoll', { pollId }).done;
    expect(await refusal(cto.send('decision.record', { pollId, decision: 'go', rationale: 'all GO', after: null, round: 1 }).done)).toBe(
      '“Switch DNS to AWS?” was asked again (round 2) since your screen showed round 1: look at the new round, then decide',
    );
    const state = t.hub.registry.get(t.cutoverId)!.runtime.state;
    expect(state.decisions).toEqual([]);
    expect(state.polls[pollId]!.rounds.at(-1)).toMatchObject({ round: 2, closedAt: null });
    expect(state.steps.gate!.status).not.toBe('done');
    // A HOLD clears nothing: written on round 1, it goes as it is.
    await cto.send('decision.record', { pollId, decision: 'hold', rationale: 'wait for the new answers', after: null, round: 1 }).done;
  });

  it('refuses a decision made from a screen that had not shown the last one, so a GO cannot land over a HOLD unseen', async () => {
    const { lead, chris, ana } = await twoApproversAtTheGate();

    // No poll between them: both decide from screens showing no decision yet.
    const [hold, go] = await Promise.all([
      refusal(chris.send('decision.record', { decision: 'hold', rationale: 'Replication lag 40 s', after: null }).done),
      refusal(ana.send('decision.record', { decision: 'go', rationale: 'Everything looks fine', after: null }).done),
    ]);
    expect([hold, go].filter((r) => r === 'accepted')).toHaveLength(1);
    expect([hold, go].find((r) => r !== 'accepted')).toMatch(
      /^(Chris has just recorded HOLD: “Replication lag 40 s”|Ana has just recorded GO: “Everything looks fine”)\. Your screen did not show it when you decided: look again, then decide$/,
    );
    await until(lead, (l) => l.state.decisions.length === 1);

    // Having seen it, an approver decides after it.
    const seen = lead.state.decisions[0]!;
    const other = seen.by.name === 'Chris' ? ana : chris;
    await other.send('decision.record', { decision: 'hold', rationale: 'Wait for the lag to settle', after: seen.id }).done;
    // A client from before `after` is not held to it.
    await chris.send('decision.record', { decision: 'go', rationale: 'Lag under 2 s for ten minutes' }).done;
    await until(lead, (l) => l.state.decisions.length === 3);
  });
});

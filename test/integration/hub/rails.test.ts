import { afterEach, describe, expect, it } from 'vitest';
import type { RunbookPlan } from '@shared/cutover';
import { projectSchedule, type Projection } from '@shared/schedule';
import { live, nodeClient, refusal, startTestHub, step, until, WINDOW_START, type TestHub } from '../../support/hubHarness';

/** Seed 004 in small: the gate, the switch with no way back, and the banner step comms owns. */
const GATED: RunbookPlan = {
  phases: [
    {
      id: 'p1',
      title: 'Switch',
      steps: [
        step('prep', 'Terminate the cron jobs', 0, 10, []),
        step('gate', 'Go/no-go: switch writes', 10, 5, ['prep'], { kind: 'gate', owner: 'lead' }),
        step('switch', 'Switch DNS and MySQL writes', 15, 30, ['gate'], { pointOfNoReturn: true }),
        step('banner', 'Banner and Slack: switched', 45, 5, ['switch'], { kind: 'comms', owner: 'comms' }),
      ],
    },
  ],
};

let t: TestHub;
afterEach(async () => t?.stop());

/** A hub on GATED with the lead and the CTO live, and the night started. */
/**
 * A night on the hub's own clock: the cron jobs take their 10 minutes, the gate opens on plan,
 * and two minutes later the approver decides. Gives the night's projection `min` minutes in.
 */
async function decidedAtTheGate(decision: 'hold' | 'rollback', rationale: string): Promise<(min: number) => Projection> {
  let clock = WINDOW_START;
  t = await startTestHub({ now: () => clock }, GATED, WINDOW_START);
  const lead = t.client('lead', 'Lena');
  const cto = t.client('approver', 'Chris');
  await Promise.all([lead, cto].map(live));
  await lead.send('cutover.start', {}).done;
  await lead.send('step.start', { stepId: 'prep' }).done;
  clock += 10 * 60_000;
  await lead.send('step.complete', { stepId: 'prep' }).done;
  await lead.send('step.start', { stepId: 'gate' }).done;
  clock += 2 * 60_000;
  await cto.send('decision.record', { decision, rationale }).done;
  return (min) => projectSchedule(t.hub.registry.get(t.cutoverId)!.runtime.state, WINDOW_START + min * 60_000);
}

async function leadAndApprover() {
  t = await startTestHub({}, GATED);
  const lead = t.client('lead', 'Lena');
  const cto = t.client('approver', 'Chris');
  await Promise.all([lead, cto].map(live));
  await lead.send('cutover.start', {}).done;
  return { lead, cto };
}

describe('the rails at the moments that cannot be undone, through a real hub', () => {
  it('refuses a forced start of the point of no return, records the approver’s override, and lets comms work its own step', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    const cara = t.client('comms', 'Cara');
    const { result } = await lead.send('invite.create', { role: 'operator', station: '' }).outcome;
    const token = (result as { token: string }).token;
    // Two operators on one link: each is a person of their own.
    const dana = nodeClient(t.hub.url, t.cutoverId, token, 'Dana');
    const sam = nodeClient(t.hub.url, t.cutoverId, token, 'Sam');
    dana.start();
    sam.start();
    await Promise.all([lead, cto, cara, dana, sam].map(live));

    await lead.send('cutover.start', {}).done;
    await dana.send('step.complete', { stepId: 'prep' }).done;
    expect(await refusal(sam.send('step.start', { stepId: 'switch', force: 'impatient' }).done)).toMatch(
      /^“Switch DNS and MySQL writes” is the point of no return and it still waits on “Go\/no-go: switch writes”/,
    );
    expect(await refusal(sam.send('step.skip', { stepId: 'switch', reason: 'impatient' }).done)).toMatch(/is the point of no return/);
    expect(await refusal(lead.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'x' }).done)).toMatch(/^Only an approver may cross/);
    expect(await refusal(cara.send('step.start', { stepId: 'prep' }).done)).toMatch(
      /Comms may work only the steps they own; “Terminate the cron jobs” is owned by DBA/,
    );

    await cto.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'the provider moved DNS already' }).done;
    await until(sam, (s) => s.state.overrides.length === 1);
    expect(sam.state.overrides[0]).toMatchObject({ stepId: 'switch', by: { name: 'Chris', role: 'approver' } });
    // Cleared, it is still crossed only on purpose: not by a start that does not say so, nor ticked off unstarted.
    expect(await refusal(sam.send('step.start', { stepId: 'switch', force: 'gate passed by the override' }).done)).toBe(
      'Starting “Switch DNS and MySQL writes” crosses the point of no return: the start must say it means to (cross)',
    );
    expect(sam.state.steps.switch!.status).toBe('pending');
    await sam.send('step.start', { stepId: 'switch', force: 'gate passed by the override', cross: true }).done;
    await sam.send('step.complete', { stepId: 'switch' }).done;
    await cara.send('step.start', { stepId: 'banner' }).done;
    await cara.send('step.complete', { stepId: 'banner' }).done;
    await until(lead, (l) => l.state.steps.banner!.status === 'done');
    expect(lead.state.steps.banner!.endedBy).toBe('Cara');
    for (const c of [dana, sam]) c.stop();
  });

  it('after the GO, crosses the point of no return only by a start that says it means to, never by ticking it off', async () => {
    const { lead, cto } = await leadAndApprover();
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await cto.send('decision.record', { pollId: lead.state.pollOrder[0]!, decision: 'go', rationale: 'replication in sync' }).done;
    await until(lead, (l) => l.state.steps.gate!.status === 'done');
    // A slip (a click on Done, a start sent without saying so) leaves it where it was.
    expect(await refusal(lead.send('step.complete', { stepId: 'switch' }).done)).toBe(
      '“Switch DNS and MySQL writes” is the point of no return: start it first, so the night records when it was crossed',
    );
    expect(await refusal(lead.send('step.start', { stepId: 'switch' }).done)).toBe(
      'Starting “Switch DNS and MySQL writes” crosses the point of no return: the start must say it means to (cross)',
    );
    expect(lead.state.steps.switch!.status).toBe('pending');
    await lead.send('step.start', { stepId: 'switch', cross: true }).done;
    await until(cto, (c) => c.state.steps.switch!.status === 'in_progress');
    await lead.send('step.complete', { stepId: 'switch' }).done;
    await until(cto, (c) => c.state.steps.switch!.status === 'done');
  });

  it('refuses a forced start of a step beyond a point of no return not yet crossed, even after the GO, until the night crosses it', async () => {
    const { lead, cto } = await leadAndApprover();
    const { result } = await lead.send('invite.create', { role: 'operator', station: '' }).outcome;
    const dan = nodeClient(t.hub.url, t.cutoverId, (result as { token: string }).token, 'Dan');
    dan.start();
    await live(dan);
    await dan.send('step.complete', { stepId: 'prep' }).done;
    // "Start anyway…" on the banner step, which waits on the switch: starting it would have the night past the switch unseen.
    const beyond = '“Banner and Slack: switched” comes after the point of no return “Switch DNS and MySQL writes”, which the night has not crossed';
    expect(await refusal(dan.send('step.start', { stepId: 'banner', force: 'running late' }).done)).toMatch(new RegExp(`^${beyond}`));
    await lead.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await cto.send('decision.record', { pollId: lead.state.pollOrder[0]!, decision: 'go', rationale: 'replication in sync' }).done;
    await until(dan, (d) => d.state.steps.gate!.status === 'done');
    // Cleared is not crossed: the switch's own start records when the night went past it.
    expect(await refusal(dan.send('step.start', { stepId: 'banner', force: 'the GO is in' }).done)).toMatch(new RegExp(`^${beyond}`));
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.banner!.status).toBe('pending');
    await dan.send('step.start', { stepId: 'switch', cross: true }).done;
    await dan.send('step.start', { stepId: 'banner', force: 'customers are asking; the switch is under way' }).done;
    await until(lead, (l) => l.state.steps.banner!.status === 'in_progress');
  });

  it('refuses a Done queued while offline once the step has moved on: failed, reopened and started again meanwhile', async () => {
    const { lead } = await leadAndApprover();
    const { result } = await lead.send('invite.create', { role: 'operator', station: '' }).outcome;
    const token = (result as { token: string }).token;
    const [dan, ana] = [nodeClient(t.hub.url, t.cutoverId, token, 'Dan'), nodeClient(t.hub.url, t.cutoverId, token, 'Ana')];
    for (const c of [dan, ana]) c.start();
    await Promise.all([dan, ana].map(live));
    await ana.send('step.start', { stepId: 'prep' }).done;
    await until(dan, (d) => d.state.steps.prep!.status === 'in_progress');
    const shown = dan.state.steps.prep!;
    // Dan's link drops; he presses Done on what his screen shows, and it waits in his queue.
    dan.stop();
    const done = refusal(dan.send('step.complete', { stepId: 'prep', seen: { status: shown.status, startedAt: shown.startedAt } }).done);
    await ana.send('step.fail', { stepId: 'prep', reason: 'two hosts did not answer' }).done;
    await lead.send('step.reopen', { stepId: 'prep', reason: 'retry after restarting the agents' }).done;
    await new Promise((r) => setTimeout(r, 5));
    await ana.send('step.start', { stepId: 'prep' }).done;
    dan.start();
    expect(await done).toBe(
      '“Terminate the cron jobs” has changed since your screen showed it: it was in progress (an earlier attempt), it is now in progress again, started by Ana. Look at it again, then act',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.prep).toMatchObject({ status: 'in_progress', startedBy: 'Ana', endedBy: null });
    for (const c of [dan, ana]) c.stop();
  });

  it('refuses a Start queued while offline once someone blocked the step, instead of resuming it over the block', async () => {
    const { lead } = await leadAndApprover();
    const dan = t.client('operator', 'Dan');
    const bob = t.client('operator', 'Bob');
    await Promise.all([dan, bob].map(live));
    const shown = dan.state.steps.prep!;
    // Dan's link drops; he presses Start on the pending step, and it waits in his queue.
    dan.stop();
    const start = refusal(dan.send('step.start', { stepId: 'prep', seen: { status: shown.status, startedAt: shown.startedAt } }).done);
    await bob.send('step.block', { stepId: 'prep', reason: 'do not start: the DB is not ready' }).done;
    dan.start();
    expect(await start).toBe(
      '“Terminate the cron jobs” has changed since your screen showed it: it was pending, it is now blocked: “do not start: the DB is not ready”. Look at it again, then act',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.prep).toMatchObject({ status: 'blocked', startedAt: null });
    // Seen blocked, the start resumes it: that is how a block is lifted.
    await dan.send('step.start', { stepId: 'prep', seen: { status: 'blocked', startedAt: null } }).done;
    await until(lead, (c) => c.state.steps.prep!.status === 'in_progress');
  });

  it('refuses a Reopen queued while offline once the failed step was redone meanwhile, instead of undoing its Done', async () => {
    const { lead } = await leadAndApprover();
    // Lena leads from the desktop and from her laptop; Ana operates.
    const laptop = t.client('lead', 'Lena (laptop)');
    const ana = t.client('operator', 'Ana');
    await Promise.all([laptop, ana].map(live));
    await ana.send('step.start', { stepId: 'prep' }).done;
    await ana.send('step.fail', { stepId: 'prep', reason: 'two hosts did not answer' }).done;
    await until(laptop, (c) => c.state.steps.prep!.status === 'failed');
    const shown = laptop.state.steps.prep!;
    // The laptop's link drops while Lena types why; her Reopen waits in its queue.
    laptop.stop();
    const reopen = refusal(
      laptop.send('step.reopen', { stepId: 'prep', reason: 'retry after restarting the agents', seen: { status: shown.status, startedAt: shown.startedAt } })
        .done,
    );
    // Meanwhile, from the desktop, she reopens it and Ana redoes it.
    await lead.send('step.reopen', { stepId: 'prep', reason: 'agents restarted', seen: { status: 'failed', startedAt: shown.startedAt } }).done;
    await ana.send('step.start', { stepId: 'prep' }).done;
    await ana.send('step.complete', { stepId: 'prep' }).done;
    laptop.start();
    expect(await reopen).toBe('“Terminate the cron jobs” has changed since your screen showed it: it was failed, it is now done. Look at it again, then act');
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.prep).toMatchObject({ status: 'done', endedBy: 'Ana' });
    for (const c of [laptop, ana]) c.stop();
  });

  it('refuses an edit that would clear the point of no return on a GO given before what it waited on was done', async () => {
    const VERIFIED: RunbookPlan = {
      phases: [
        {
          id: 'p1',
          title: 'Switch',
          steps: [
            step('gate', 'Go/no-go: switch writes', 0, 5, [], { kind: 'gate', owner: 'lead' }),
            step('verify', 'Verify the copy', 5, 10, ['gate'], { kind: 'verification' }),
            step('switch', 'Switch DNS and MySQL writes', 15, 30, ['verify'], { pointOfNoReturn: true }),
          ],
        },
      ],
    };
    t = await startTestHub({}, VERIFIED);
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([lead, cto].map(live));
    await lead.send('cutover.start', {}).done;
    await lead.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await cto.send('decision.record', { pollId: lead.state.pollOrder[0]!, decision: 'go', rationale: 'go, once the copy is verified' }).done;
    await lead.send('step.start', { stepId: 'verify' }).done;
    // The verification still runs; the lead takes it out of what the switch waits on.
    expect(await refusal(lead.send('step.edit', { stepId: 'switch', changes: { dependsOn: ['gate'] } }).done)).toBe(
      'This change would clear the point of no return “Switch DNS and MySQL writes”, which is shut because it still waits on “Verify the copy”: the night would cross it on a GO given before. Ask the approver for a GO after this change, or skip what it no longer waits on, with a reason',
    );
    const state = t.hub.registry.get(t.cutoverId)!.runtime.state;
    expect(state.steps.switch!.dependsOn).toEqual(['verify']);
    expect(await refusal(lead.send('step.start', { stepId: 'switch', cross: true }).done)).toMatch(/is waiting on “Verify the copy” \(in progress\)/);
    // An edit that leaves it shut goes.
    await lead.send('step.edit', { stepId: 'switch', changes: { plannedDurationMin: 40 } }).done;
  });

  it('refuses the approver’s GO on a gate that still waits on its own steps, and passes it with the GO once they are done', async () => {
    const { lead, cto } = await leadAndApprover();
    // The poll may be opened early, to gather answers; its GO would tick off a gate the cron jobs still stand before.
    await lead.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await cto.send('poll.answer', { pollId, vote: 'go' }).done;
    expect(await refusal(cto.send('decision.record', { pollId, decision: 'go', rationale: 'looks fine' }).done)).toBe(
      'The gate “Go/no-go: switch writes” still waits on “Terminate the cron jobs” (pending): a GO cannot pass it yet. Record the GO once it is done, or HOLD',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state).toMatchObject({ decisions: [], steps: { gate: { status: 'pending' } } });
    expect(await refusal(lead.send('step.start', { stepId: 'switch', force: 'the GO is in', cross: true }).done)).toMatch(
      /is the point of no return and it still waits on/,
    );
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await cto.send('decision.record', { pollId, decision: 'go', rationale: 'cron jobs stopped' }).done;
    await until(lead, (l) => l.state.steps.gate!.status === 'done');
  });

  it('closes the point of no return again when the approver decides HOLD after an override, until a new override', async () => {
    const { lead, cto } = await leadAndApprover();
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await cto.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'the provider moved DNS already' }).done;
    // The approver's later word counts over the override, as it does over a GO.
    await cto.send('decision.record', { decision: 'hold', rationale: 'replica lag rising' }).done;
    expect(await refusal(lead.send('step.start', { stepId: 'switch', force: 'override on record', cross: true }).done)).toBe(
      '“Switch DNS and MySQL writes” is the point of no return and it still waits on “Go/no-go: switch writes”. It needs the approver’s GO, or an explicit override to cross it without one',
    );
    await cto.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'lag is back under 2 s' }).done;
    await lead.send('step.start', { stepId: 'switch', force: 'override on record', cross: true }).done;
    await until(cto, (c) => c.state.steps.switch!.status === 'in_progress' && c.state.overrides.length === 2);
  });

  it('refuses a crossing without a GO typed while another approver’s HOLD came in, and takes it once the HOLD was seen', async () => {
    const { lead, cto } = await leadAndApprover();
    const ana = t!.client('approver', 'Ana');
    await live(ana);
    await lead.send('step.complete', { stepId: 'prep' }).done;
    // Ana's prompt opened on a night with no decision; while she typed CROSS, Chris decided HOLD.
    await cto.send('decision.record', { decision: 'hold', rationale: 'replica 2 broken' }).done;
    expect(await refusal(ana.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'the provider moved DNS already', after: null }).done)).toBe(
      'Chris has just recorded HOLD: “replica 2 broken”. Your screen did not show it when you decided: look again, then decide',
    );
    expect(t!.hub.registry.get(t!.cutoverId)!.runtime.state.overrides).toEqual([]);
    // Having seen the HOLD, crossing over it is hers to decide, on the record.
    const hold = ana.state.decisions.at(-1)!.id;
    await ana.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'replica 2 is not in the new path', after: hold }).done;
    await until(lead, (c) => c.state.overrides.length === 1);
  });

  it('counts a HOLD at the gate as time lost once, not as a slow pace that stretches every step to come', async () => {
    // At 35 minutes the gate has waited 25 of its 5: the night is 20 minutes late, not 47.
    const projection = (await decidedAtTheGate('hold', 'replica lag rising'))(35);
    expect(projection.pace).toBe(1);
    expect(Math.round(projection.slipMin)).toBe(20);
  });

  it('counts down to no point of no return once the night is rolling back, nor slips the phase left behind', async () => {
    const projection = (await decidedAtTheGate('rollback', 'replica 2 lost data'))(40);
    // Nothing asks for a GO on the plan left behind, and its phase does not read later by the minute.
    expect(projection.pointOfNoReturn).toBeNull();
    expect(projection.phases.p1).toBeUndefined();
  });

  it('while a ROLLBACK is under way, neither crosses the point of no return forward nor ends the night as completed', async () => {
    await decidedAtTheGate('rollback', 'replica 2 lost data');
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Ana');
    await Promise.all([lead, cto].map(live));
    // A GO from the "any time" bar, or the typed override: the way forward stays shut while the night goes back.
    expect(await refusal(cto.send('decision.record', { decision: 'go', rationale: 'on second thought' }).done)).toBe(
      'ROLLBACK, decided by Chris, is under way: a GO does not undo it. Work the way back, and end the night as rolled back',
    );
    expect(await refusal(lead.send('step.start', { stepId: 'switch', cross: true, force: 'the GO is in' }).done)).toMatch(
      /“Switch DNS and MySQL writes” is the point of no return and a ROLLBACK is under way: the night is going back, not across it/,
    );
    expect(
      await refusal(cto.send('ponr.override', { stepId: 'switch', reason: 'go anyway', confirm: 'CROSS', after: cto.state.decisions.at(-1)!.id }).done),
    ).toBe('A ROLLBACK is under way: “Switch DNS and MySQL writes” is not crossed while the night goes back');
    // A "Complete early" confirmed in a prompt left open when the ROLLBACK came.
    expect(await refusal(lead.send('cutover.finish', { outcome: 'completed', early: true, reason: 'all done' }).done)).toBe(
      'ROLLBACK, decided by Chris, is under way: end the night as rolled back (or aborted), not completed',
    );
    const state = t.hub.registry.get(t.cutoverId)!.runtime.state;
    expect(state.status).toBe('in_progress');
    expect(state.steps.switch!.startedAt).toBeNull();
    await lead.send('cutover.finish', { outcome: 'rolled_back', reason: 'back on the old primary' }).done;
  });

  it('keeps the point of no return in the runbook once the night has started, and skips it only on purpose', async () => {
    const { lead, cto } = await leadAndApprover();
    // Removed (and added again unmarked), it would be crossed with no GO and no override; the
    // comms step after it goes first, so that nothing else holds it in the runbook.
    await lead.send('step.remove', { stepId: 'banner' }).done;
    expect(await refusal(lead.send('step.remove', { stepId: 'switch' }).done)).toBe(
      '“Switch DNS and MySQL writes” is the point of no return, and the night has started: it stays one. It is crossed with the approver’s GO, or with an override and its reason',
    );
    // Cleared by the GO, a skip passes it for good: only with the crossing confirmed.
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await cto.send('decision.record', { pollId: lead.state.pollOrder[0]!, decision: 'go', rationale: 'replication in sync' }).done;
    expect(await refusal(lead.send('step.skip', { stepId: 'switch', reason: 'done by the provider' }).done)).toBe(
      'Skipping “Switch DNS and MySQL writes” crosses the point of no return: it cannot be reopened after. Confirm that you mean to cross it',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.switch!.status).toBe('pending');
    await lead.send('step.skip', { stepId: 'switch', reason: 'done by the provider', cross: true }).done;
    await until(lead, (c) => c.state.steps.switch!.status === 'skipped');
  });

  it('keeps a crossed point of no return crossed: it cannot be reopened, nor overridden a second time', async () => {
    const { lead, cto } = await leadAndApprover();
    await lead.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch writes?', stations: ['role:approver'], gateStepId: 'gate' }).done;
    await cto.send('decision.record', { pollId: lead.state.pollOrder[0]!, decision: 'go', rationale: 'replication in sync' }).done;
    await lead.send('step.start', { stepId: 'switch', cross: true }).done;
    await lead.send('step.complete', { stepId: 'switch' }).done;
    // Reopened, the night would read as not yet past it, and the same crossing could be overridden again.
    expect(await refusal(lead.send('step.reopen', { stepId: 'switch', reason: 'sequences to be run again' }).done)).toBe(
      '“Switch DNS and MySQL writes” is the point of no return and the night has crossed it: it cannot be reopened. Add a step for what must be done again',
    );
    await cto.send('decision.record', { decision: 'hold', rationale: 'check the writes first' }).done;
    expect(await refusal(cto.send('ponr.override', { stepId: 'switch', confirm: 'CROSS', reason: 'again' }).done)).toBe(
      '“Switch DNS and MySQL writes” has already been crossed',
    );
    // The steps before it are the crew's to redo.
    await lead.send('step.reopen', { stepId: 'prep', reason: 'a cron job came back' }).done;
    await until(cto, (c) => c.state.steps.prep!.status === 'pending' && c.state.steps.switch!.status === 'done');
  });

  it('keeps the point of no return on its step once the night has started: an edit cannot untick it', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    // Before the night, the plan is the lead's to change, and back.
    await lead.send('step.edit', { stepId: 'switch', changes: { pointOfNoReturn: false } }).done;
    await lead.send('step.edit', { stepId: 'switch', changes: { pointOfNoReturn: true } }).done;
    await lead.send('cutover.start', {}).done;
    expect(await refusal(lead.send('step.edit', { stepId: 'switch', changes: { pointOfNoReturn: false, title: 'Switch writes' } }).done)).toBe(
      '“Switch DNS and MySQL writes” is the point of no return, and the night has started: it stays one. It is crossed with the approver’s GO, or with an override and its reason',
    );
    expect(t.hub.registry.get(t.cutoverId)!.runtime.state.steps.switch).toMatchObject({ pointOfNoReturn: true, title: 'Switch DNS and MySQL writes' });
    // The rest of the step stays the lead's to edit.
    await lead.send('step.edit', { stepId: 'switch', changes: { title: 'Switch DNS and MySQL writes to AWS', plannedDurationMin: 40 } }).done;
    await until(lead, (c) => c.state.steps.switch!.title.endsWith('to AWS'));
    expect(lead.state.steps.switch).toMatchObject({ pointOfNoReturn: true, plannedDurationMin: 40 });
  });

  it('asks before completing a night with open steps, and lets the lead reopen a night ended by a slip', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const olive = t.client('observer', 'Olive');
    await Promise.all([lead, olive].map(live));
    await lead.send('cutover.start', {}).done;
    expect(await refusal(lead.send('cutover.finish', { outcome: 'completed' }).done)).toMatch(
      /^4 steps are not settled: “Terminate the cron jobs” \(pending\)/,
    );
    await lead.send('cutover.finish', { outcome: 'aborted', reason: 'slip of the hand' }).done;
    await until(olive, (o) => o.state.status === 'aborted');
    expect(olive.state.leftUndone).toEqual(['prep', 'gate', 'switch', 'banner']);
    await lead.send('cutover.reopen', { reason: 'aborted by mistake' }).done;
    await until(olive, (o) => o.state.status === 'in_progress');
    expect(olive.state.endedAt).toBeNull();
    await lead.send('cutover.finish', { outcome: 'completed', early: true, reason: 'the switch moves to next week' }).done;
    await until(olive, (o) => o.state.status === 'completed');
    expect(olive.state.leftUndone).toHaveLength(4);
  });

  it('keeps a station the lead gave a member when they come back', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([lead, cto].map(live));
    await lead.send('member.setStation', { memberId: cto.member!.id, station: 'DBA' }).done;
    await until(cto, (c) => c.state.members[c.member!.id]!.station === 'DBA');
    cto.stop();
    const again = t.client('approver', 'Chris');
    await live(again);
    expect(again.member!.station).toBe('DBA');
    await lead.send('cutover.start', {}).done;
    // The approver now covers DBA, so the DBA-owned step is theirs to work.
    await again.send('step.complete', { stepId: 'prep' }).done;
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import type { RunbookPlan } from '@shared/cutover';
import { draftPostmortem, plannedVsActual } from '@shared/postmortem';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, startTestHub, step, until, WINDOW_START, type TestHub } from '../../support/hubHarness';
import { section } from '../../support/markdownSections';

/*
 * What the postmortem must not tell wrong, drafted from the archive the hub exports: a GO
 * recorded over a NO-GO, with what it went over and the approver's reason, in the decisions
 * and on the timeline (on a night with no checks); and a step stretched while it ran, measured
 * against the plan the night started with.
 */

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

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('a GO over a NO-GO in the postmortem', () => {
  it('names the NO-GO it went over and the override reason, where the decision is told', async () => {
    t = await startTestHub({}, GATED);
    const lead = t.client('lead', 'Lena');
    const dave = t.client('operator', 'Dave');
    const ann = t.client('approver', 'Ann');
    await Promise.all([lead, dave, ann].map(live));
    await lead.send('cutover.start', {}).done;
    await dave.send('step.complete', { stepId: 'prep' }).done;
    await lead.send('poll.open', { question: 'Switch DNS to AWS?', stations: ['role:operator'], gateStepId: 'gate' }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dave.send('poll.answer', { pollId, vote: 'no_go', comment: 'replica lag 40 s' }).done;
    await ann.send('decision.record', {
      pollId,
      decision: 'go',
      rationale: 'Counts match',
      override: 'The vendor confirmed the lag is the replica catching up',
    }).done;

    const archive = await exportArchive(t.hub, t.cutoverId);
    const decoded = await decodeArchive(archive!.text);
    if (!decoded.ok) throw new Error(decoded.error);
    const md = draftPostmortem({ state: decoded.state, events: decoded.archive.events, samples: decoded.archive.samples });
    const over = 'GO over the NO-GO of Dave (operator): replica lag 40 s, overridden: The vendor confirmed the lag is the replica catching up';
    const decided = section(md, 'Decisions')
      .split('\n')
      .filter((l) => l.startsWith('- Decision: GO at '));
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatch(/ by Ann: Counts match\. GO over the NO-GO/);
    expect(decided[0]!.endsWith(`Counts match. ${over}`)).toBe(true);
    expect(section(md, 'Timeline')).toContain(`Decision: GO by Ann on “Switch DNS to AWS?”: Counts match. ${over}`);
    // No checks that night: the override is not left to a section only a night with checks has.
    expect(md).not.toContain('## Verifications');
  });
});

describe('a step re-planned while it ran, in the postmortem', () => {
  it('measures it against the plan the night started with, and says when the plan moved', async () => {
    let clock = WINDOW_START;
    t = await startTestHub({ now: () => clock }, GATED);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'prep' }).done;
    // Planned at 10 min; at 50 min the lead stretches it to 60, and it is done at 55.
    clock += 50 * 60_000;
    await lead.send('step.edit', { stepId: 'prep', changes: { plannedDurationMin: 60 } }).done;
    clock += 5 * 60_000;
    await lead.send('step.complete', { stepId: 'prep' }).done;

    const archive = await exportArchive(t.hub, t.cutoverId, { now: () => clock });
    const decoded = await decodeArchive(archive!.text);
    if (!decoded.ok) throw new Error(decoded.error);
    // The live plan is the new one; the comparison is with the one the night started with.
    expect(decoded.state.steps.prep!.plannedDurationMin).toBe(60);
    expect(plannedVsActual(decoded.state).steps.find((s) => s.stepId === 'prep')).toMatchObject({ plannedMin: 10, actualMin: 55, overrunMin: 45 });
    const md = draftPostmortem({ state: decoded.state, events: decoded.archive.events, samples: decoded.archive.samples });
    expect(section(md, 'Timeline')).toContain('Re-planned: Stop cron jobs to take 60 min');
    // The planned end too is the night's first plan: 35 minutes (19:35), not moved by the stretch.
    expect(md).toContain('Planned end: 19:35; projected end at the last record (19:55): 20:18, 44 min later than planned');
    expect(md).toContain('0 of 1 step done took no more than 5 min longer than planned.');
  });
});

describe('a poll condition bound to a check, in the postmortem', () => {
  it('gives the check’s result as it stood at the decision, not “not checked”', async () => {
    let clock = WINDOW_START;
    t = await startTestHub({ now: () => clock }, GATED);
    const lead = t.client('lead', 'Lena');
    const dave = t.client('operator', 'Dave');
    const ann = t.client('approver', 'Ann');
    await Promise.all([lead, dave, ann].map(live));
    const results = () => lead.events.filter((e) => e.type === 'check.evaluated').length;
    const push = async (value: number) => {
      const res = await fetch(`${t!.hub.url}/api/cutovers/${t!.cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t!.tokens.lead}`, 'content-type': 'application/json' },
        body: JSON.stringify({ series: 'repl', value, t: clock }),
      });
      expect(res.status).toBe(200);
      const before = results();
      await lead.send('check.run', { checkId: 'repl-ok' }).done;
      await until(lead, () => results() > before, 5000, 'the check’s result');
    };
    await lead.send('series.define', { series: { id: 'repl', name: 'Replication lag', unit: 'seconds', source: { kind: 'push' } } }).done;
    await lead.send('check.define', {
      check: { id: 'repl-ok', name: 'Replica caught up', intervalSec: 3600, spec: { kind: 'lag', seriesId: 'repl', op: 'below', value: 5 } },
    }).done;
    await lead.send('cutover.start', {}).done;
    await dave.send('step.complete', { stepId: 'prep' }).done;
    clock = WINDOW_START + 5 * 60_000;
    await push(1);
    await lead.send('poll.open', {
      question: 'Switch DNS to AWS?',
      stations: ['role:operator'],
      gateStepId: 'gate',
      conditions: [{ text: 'replica caught up', checkId: 'repl-ok' }],
    }).done;
    const pollId = lead.state.pollOrder[0]!;
    await dave.send('poll.answer', { pollId, vote: 'go' }).done;
    clock = WINDOW_START + 6 * 60_000;
    // Accepted with no override: the condition was met because the check passed.
    await ann.send('decision.record', { pollId, decision: 'go', rationale: 'Replica caught up' }).done;
    // After the GO the lag comes back: the decision still stood on the pass of 19:05.
    clock = WINDOW_START + 10 * 60_000;
    await push(40);

    const archive = await exportArchive(t.hub, t.cutoverId, { now: () => clock });
    const decoded = await decodeArchive(archive!.text);
    if (!decoded.ok) throw new Error(decoded.error);
    const md = draftPostmortem({ state: decoded.state, events: decoded.archive.events, samples: decoded.archive.samples });
    const conditions = section(md, 'Decisions')
      .split('\n')
      .filter((l) => l.startsWith('- Conditions: '));
    expect(conditions).toEqual(['- Conditions: replica caught up (passed: Replication lag 1, below 5 at 19:05)']);
  });
});

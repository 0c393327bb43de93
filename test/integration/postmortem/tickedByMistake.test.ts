import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import type { CommandPayloadInput, CommandType, RunbookPlan } from '@shared/cutover';
import { draftPostmortem } from '@shared/postmortem';
import type { HubClient } from '@shared/client';
import { exportArchive } from '../../../electron/hub/transport/archiveRoute';
import { live, startTestHub, step, WINDOW_START, type TestHub } from '../../support/hubHarness';

/*
 * A step ticked Done by mistake and reopened at once, then worked for real twenty minutes
 * later. The tick measured no work: the postmortem timed the step, and the outage it begins,
 * from it, and the night read 15 minutes over where it ran to plan.
 */

const MIN = 60_000;
const EVENTS = 'event processing';
const RUNBOOK: RunbookPlan = {
  phases: [
    {
      id: 'stop',
      title: 'Stop',
      steps: [
        step('stop', 'Stop event processing', 0, 10, [], { owner: 'SRE', outageStart: EVENTS, outagePlannedMin: 30 }),
        step('copy', 'Copy the events table', 10, 10, ['stop'], { owner: 'DBA' }),
        step('restart', 'Restart event processing', 20, 10, ['copy'], { owner: 'SRE', outageEnd: EVENTS }),
      ],
    },
  ],
};

let t: TestHub;
afterEach(async () => t?.stop());

describe('a step ticked by mistake and reopened', () => {
  it('is timed from when its work began, not from the tick', async () => {
    let clock = WINDOW_START - 5 * MIN;
    t = await startTestHub({ now: () => clock }, RUNBOOK);
    const lead = t.client('lead', 'Lena', { now: () => clock });
    const sre = t.client('operator', 'Sam', { now: () => clock });
    await Promise.all([lead, sre].map(live));
    const at = async <T extends CommandType>(min: number, who: HubClient, type: T, payload: CommandPayloadInput<T>) => {
      clock = WINDOW_START + min * MIN;
      await who.send(type, payload).done;
    };
    await at(0, lead, 'cutover.start', {});
    await at(0, sre, 'step.complete', { stepId: 'stop' }); // the wrong row
    await at(1, lead, 'step.reopen', { stepId: 'stop', reason: 'Ticked by mistake' });
    await at(20, sre, 'step.start', { stepId: 'stop' });
    await at(25, sre, 'step.complete', { stepId: 'stop' });
    await at(25, sre, 'step.start', { stepId: 'copy' });
    await at(35, sre, 'step.complete', { stepId: 'copy' });
    await at(35, sre, 'step.start', { stepId: 'restart' });
    await at(45, sre, 'step.complete', { stepId: 'restart' });

    await at(46, lead, 'cutover.finish', { outcome: 'completed' });

    const opened = await decodeArchive((await exportArchive(t.hub, t.cutoverId, { now: () => clock }))!.text);
    if (!opened.ok) throw new Error(opened.error);
    const md = draftPostmortem({ state: opened.state, events: opened.archive.events, samples: opened.archive.samples });
    const impact = md.split('\n').find((l) => l.startsWith('- Customer impact:'));
    expect(impact).toBe('- Customer impact: event processing was stopped for 25 min against 30 min planned (5 min under), 19:20–19:45.');
    expect(md).not.toMatch(/Stop event processing took \d+ min against 10 min planned \(\d+ min over\)/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '@shared/comms';
import type { CutoverEvent } from '@shared/cutover';
import { describeEvent } from '../../../renderer/features/timeline/timelineView';
import { live, startTestHub, step, type TestHub } from '../../support/hubHarness';

/*
 * What was removed stays named on the record. The night as it stands no longer has a removed
 * step, series, template or action item, so the timeline (and the postmortem read from it)
 * said "Step s-9f3a removed" or "Action item removed" of it. Each removal's event now carries
 * the name it had.
 */

let t: TestHub;
afterEach(async () => t?.stop());

describe('removals on the record, through the hub', () => {
  it('name what went, and a changed built-in template reads as a reset to its wording', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('step.add', { phaseId: 'p2', step: step('warm', 'Warm the caches', 30, 5, []) }).done;
    await lead.send('step.remove', { stepId: 'warm' }).done;
    await lead.send('series.define', { series: { id: 'repl', name: 'Replication lag', unit: 'seconds', source: { kind: 'push' } } }).done;
    await lead.send('series.remove', { seriesId: 'repl' }).done;
    const builtIn = DEFAULT_TEMPLATES[0]!;
    await lead.send('template.save', { template: { ...builtIn, text: 'We start now.' } }).done;
    await lead.send('template.remove', { templateId: builtIn.id }).done;
    await lead.send('template.save', { template: { ...builtIn, id: 'tpl-own', title: 'Partner heads-up', moment: 'custom' } }).done;
    await lead.send('template.remove', { templateId: 'tpl-own' }).done;
    await lead.send('action.add', { title: 'Rehearse the drain', owner: 'SRE team' }).done;
    await lead.send('action.remove', { actionId: lead.state.actionOrder[0]! }).done;

    const removals = lead.events.filter((e: CutoverEvent) => /\.removed$/.test(e.type));
    expect(removals.map((e) => describeEvent(e, lead.state).text)).toEqual([
      'Step “Warm the caches” removed',
      'Lag series “Replication lag” removed',
      `Template “${builtIn.title}” reset to the built-in wording`,
      'Template “Partner heads-up” removed',
      'Action item removed: Rehearse the drain',
    ]);
  });
});

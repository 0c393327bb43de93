import { afterEach, describe, expect, it } from 'vitest';
import { draftPostmortem } from '@shared/postmortem';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';

/*
 * The hub's own alert sentences go to the timeline, to notifications and into the postmortem
 * as they are: their verb agrees with the series' name, whatever the crew called it.
 */

describe('the hub’s alert wording, through a real hub', () => {
  let h: TestHub | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('says “Internal queues are critical” and “Alarm queue is critical”, on the timeline and in the draft', async () => {
    h = await startTestHub();
    const lead = h.client('lead', 'Lena');
    await live(lead);
    const names = { internal: 'Internal queues', alarms: 'Alarm queue' };
    for (const [id, name] of Object.entries(names)) {
      await lead.send('series.define', { series: { id, name, unit: 'count', warning: 100, critical: 500, source: { kind: 'push' } } }).done;
    }
    const t0 = Date.now() - 10_000;
    const samples = ['internal', 'alarms'].flatMap((series) => [
      { series, value: 120, t: t0 },
      { series, value: 650, t: t0 + 1000 },
    ]);
    const res = await fetch(`${h.hub.url}/api/cutovers/${h.cutoverId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples }),
    });
    expect(res.status).toBe(200);
    await until(lead, (c) => ['internal', 'alarms'].every((id) => c.state.seriesStatus[id]?.level === 'critical'), 5000, 'both critical');

    const said = lead.events.flatMap((e) => (e.type === 'series.alerted' && e.payload.kind !== 'not_draining' ? [e.payload.message] : []));
    expect(said.sort()).toEqual([
      'Alarm queue is at warning level: 120 (line 100)',
      'Alarm queue is critical at 650 (line 500)',
      'Internal queues are at warning level: 120 (line 100)',
      'Internal queues are critical at 650 (line 500)',
    ]);
    const draft = draftPostmortem({ state: lead.state, events: lead.events, samples: [] });
    expect(draft).toContain('Internal queues are critical at 650');
    expect(draft).not.toMatch(/Internal queues is /);
  });
});

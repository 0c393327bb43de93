import { afterEach, describe, expect, it } from 'vitest';
import { templateVariables, type BannerView } from '@shared/comms';
import { composeDraft } from '../../../renderer/features/comms/composerView';
import { MIN } from '@shared/time';
import type { RunbookPlan } from '@shared/cutover';
import { live, refusal, startTestHub, step, waitFor, WINDOW_START, type TestHub } from '../../support/hubHarness';

describe('the banner JSON a customer page reads', () => {
  let h: TestHub | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('gives the projected end as whole milliseconds, even when the pace scales it to a fraction', async () => {
    let clock = WINDOW_START;
    h = await startTestHub({ now: () => clock });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'a' }).done;
    // 15 minutes planned, done in 10 min 7 ms: the pace (and every projection after it) is no whole number.
    clock = WINDOW_START + 10 * MIN + 7;
    await lead.send('step.complete', { stepId: 'a' }).done;
    clock += 1;
    await lead.send('message.send', { text: 'Under way', bannerText: 'Maintenance is under way', state: 'in_progress', destinations: ['banner'] }).done;

    // The outbox marks the banner delivered a moment after the send is acknowledged.
    const runtime = h.hub.registry.get(h.cutoverId)!.runtime;
    await waitFor(() => Object.values(runtime.durable.messages).some((m) => m.deliveries.banner?.status === 'sent'), 'the banner to go up');
    const banner = (await (await fetch(`${h.hub.url}/banner/${h.cutoverId}.json`)).json()) as BannerView;
    expect(banner.active).toBe(true);
    expect(banner.eta).not.toBeNull();
    expect(Number.isInteger(banner.eta)).toBe(true);
    expect(banner.etaText).toMatch(/^\d\d:\d\d (BST|GMT)$/);
  });

  it('adds no second end to a line that gives its own, so the two never read apart', async () => {
    h = await startTestHub();
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const runtime = h.hub.registry.get(h.cutoverId)!.runtime;
    const banner = async () => (await (await fetch(`${h!.hub.url}/banner/${h!.cutoverId}.json`)).json()) as BannerView;
    const sent = async (n: number) =>
      waitFor(() => Object.values(runtime.durable.messages).filter((m) => m.deliveries.banner?.status === 'sent').length === n, `banner ${n} to go up`);

    // "We now expect to finish around 19:45 BST", filled from {{projectedEnd}}: the line is whole.
    await lead.send('message.send', {
      text: 'Running late',
      bannerText: 'We now expect to finish around 19:45 BST and will update this banner as we go.',
      state: 'in_progress',
      destinations: ['banner'],
      bannerNamesEnd: true,
    }).done;
    await sent(1);
    expect(await banner()).toMatchObject({
      active: true,
      text: 'We now expect to finish around 19:45 BST and will update this banner as we go.',
      eta: null,
      etaText: null,
    });

    // A line that does not give it gets the live one, as before.
    await lead.send('message.send', { text: 'Under way', bannerText: 'Maintenance is under way', state: 'in_progress', destinations: ['banner'] }).done;
    await sent(2);
    expect((await banner()).etaText).toMatch(/^\d\d:\d\d (BST|GMT)$/);
  });
  it('refuses an update to the banner once it has come down after the night, rather than calling it sent', async () => {
    let clock = WINDOW_START;
    h = await startTestHub({ now: () => clock });
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('comms.configure', { config: { ...lead.state.comms.config, banner: { timeZone: 'Europe/London', keepAfterEndMin: 60 } } }).done;
    await lead.send('cutover.start', {}).done;
    await lead.send('message.send', { text: 'Under way', bannerText: 'Maintenance is under way', state: 'in_progress', destinations: ['banner'] }).done;
    await lead.send('cutover.finish', { outcome: 'completed', early: true, reason: 'Done ahead of the plan' }).done;
    // Within the hour it stays up, an update still shows.
    clock += 30 * MIN;
    await lead.send('message.send', { text: 'Complete', bannerText: 'The maintenance is complete.', state: 'completed', destinations: ['banner'] }).done;
    clock += 31 * MIN;
    const banner = (await (await fetch(`${h.hub.url}/banner/${h.cutoverId}.json`)).json()) as BannerView;
    expect(banner.active).toBe(false);
    expect(
      await refusal(
        lead.send('message.send', { text: 'Thanks', bannerText: 'Thank you for your patience.', state: 'completed', destinations: ['banner'] }).done,
      ),
    ).toBe(
      'The banner came down at 20:00, as set for after the night: no customer would see this. Send it to the status page or Slack, or keep the banner up longer in its settings',
    );
    expect(h.hub.registry.get(h.cutoverId)!.runtime.state.messageOrder).toHaveLength(2);
  });
  it('ends a drain under way with its queue’s forecast, not its planned minutes, and promises no time while it is not draining', async () => {
    const runbook: RunbookPlan = {
      phases: [
        {
          id: 'p1',
          title: 'Catch up',
          steps: [
            step('drain', 'Process the queued events', 0, 20, [], { owner: 'SRE', scales: 'drain' }),
            step('close', 'Close the window', 20, 5, ['drain'], { owner: 'lead' }),
          ],
        },
      ],
    };
    let clock = WINDOW_START - 20 * MIN;
    h = await startTestHub({ now: () => clock }, runbook, WINDOW_START);
    const lead = h.client('lead', 'Lena');
    await live(lead);
    await lead.send('series.define', {
      series: { id: 'queue', name: 'Event queue', unit: 'count', source: { kind: 'push' }, normal: { low: 0, high: 100 } },
    }).done;
    const push = async (value: number) => {
      const res = await fetch(`${h!.hub.url}/api/cutovers/${h!.cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h!.tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ series: 'queue', value, t: clock }),
      });
      expect(res.status).toBe(200);
    };
    // Ten quiet minutes, ten with the queue piled up, then draining 100 a minute from 19:00.
    for (; clock < WINDOW_START - 10 * MIN; clock += 30_000) await push(0);
    for (; clock < WINDOW_START; clock += 30_000) await push(12_000);
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'drain' }).done;
    await lead.send('message.send', { text: 'Catching up', bannerText: 'We are catching up on queued events.', state: 'in_progress', destinations: ['banner'] })
      .done;
    for (; clock <= WINDOW_START + 10 * MIN; clock += 30_000) await push(12_000 - ((clock - WINDOW_START) / MIN) * 100);
    const runtime = h.hub.registry.get(h.cutoverId)!.runtime;
    await waitFor(() => Object.values(runtime.durable.messages).some((m) => m.deliveries.banner?.status === 'sent'), 'the banner to go up');
    const banner = async () => (await (await fetch(`${h!.hub.url}/banner/${h!.cutoverId}.json`)).json()) as BannerView;
    // The schedule alone says 19:25 (20 min planned, then 5); the queue, 11,000 left at 100 a
    // minute, says about 20:50, and then the 5 minutes after it.
    const draining = await banner();
    expect(draining.eta).toBeGreaterThan(WINDOW_START + 100 * MIN);
    expect(draining.eta).toBeLessThan(WINDOW_START + 140 * MIN);
    // Piling up again (processing stalled): no time is promised at all.
    for (const v of [11_200, 11_400, 11_600, 11_800, 12_000, 12_200]) {
      clock += 30_000;
      await push(v);
    }
    clock += 5_000;
    expect(await banner()).toMatchObject({ active: true, eta: null, etaText: null });
    // Nor by a template: {{projectedEnd}} has no value, and a line naming it is not sent.
    const vars = templateVariables({ state: runtime.state, now: clock, lag: h.hub.registry.get(h.cutoverId)!.metrics.lagSummaries(clock) });
    expect(vars.projectedEnd).toBeUndefined();
    const draft = {
      templateId: null,
      text: 'Running late',
      bannerText: 'We now expect to finish around {{projectedEnd}}.',
      state: 'in_progress' as const,
      destinations: ['banner' as const],
      edited: true,
    };
    expect(composeDraft(draft, vars).problems).toEqual([expect.stringMatching(/^No end can be promised now: the queue is not draining/)]);
  });
});

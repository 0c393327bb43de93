import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../support/fakeSlack';
import { live, startTestHub, type TestHub, waitFor } from '../../support/hubHarness';

/*
 * The Slack status message, through a real hub and a fake Slack over real HTTP: a series
 * whose readings stopped is said as not read since, with the figure it had then, never as
 * "caught up" on a last reading of 0; and the message moves with the clock, not only with events.
 */

const SECRETS_KEY = Buffer.alloc(32, 5);
const MIN = 60_000;

let h: TestHub | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await h?.stop();
  await slack?.close();
  h = slack = undefined;
});

/** A hub on `clock` whose night posts a living status message to a fake Slack; the lead, joined. */
async function livingStatusNight(clock: () => number) {
  slack = await startFakeSlack();
  h = await startTestHub({ secretsKey: SECRETS_KEY, slackApiUrl: slack.url, statusIntervalMs: 500, now: clock });
  const lead = h.client('lead', 'Lena');
  await live(lead);
  await lead.send('secret.set', { name: 'slack-token', value: slack.token }).done;
  await lead.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: true } } }).done;
  return lead;
}

describe('the living status message', () => {
  it('says a series nobody has read lately was not read since, not caught up', async () => {
    let clock = Date.UTC(2026, 3, 29, 18, 30);
    const lead = await livingStatusNight(() => clock);
    await lead.send('series.define', {
      series: { id: 'replica-lag', name: 'Replica lag', unit: 'seconds', warning: 30, critical: 120, source: { kind: 'push' } },
    }).done;
    const push = async (value: number) => {
      const res = await fetch(`${h!.hub.url}/api/cutovers/${h!.cutoverId}/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h!.tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ series: 'replica-lag', value, t: clock }),
      });
      expect(res.status).toBe(200);
    };
    // Ten minutes of the replica at 0 s, read every minute, while the night runs.
    await lead.send('cutover.start', {}).done;
    for (let m = 0; m < 10; m++, clock += MIN) await push(0);
    const status = () => slack!.messages.find((m) => m.text.includes('Backlog:'));
    await lead.send('step.start', { stepId: 'a' }).done;
    await waitFor(() => status()?.text.includes('Backlog: Replica lag: caught up') === true, 'the status while it is read', 10_000);

    // Then its readings stop (the script that pushed them died): twenty minutes of nothing.
    clock += 20 * MIN;
    await lead.send('step.complete', { stepId: 'a' }).done;
    await waitFor(() => status()?.text.includes('Backlog: Replica lag: not read since 19:39 (it read 0 s then)') === true, 'the status told so', 10_000);
    expect(status()!.text).not.toContain('caught up');
  });

  it('is updated as time makes the night late, with nothing else happening', async () => {
    let clock = Date.UTC(2026, 3, 29, 18, 0);
    const lead = await livingStatusNight(() => clock);
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'a' }).done;
    const status = () => slack!.messages.find((m) => m.text.includes('projected end'));
    await waitFor(() => status()?.text.includes('on time') === true, 'the status on time', 10_000);
    // The first step, planned at 15 minutes, runs for an hour: no event, only the clock. And
    // Slack fails the first updates: what did not reach it is tried again, not taken as said.
    slack!.behave('chat.update', { kind: '500' }, 2);
    clock += 60 * MIN;
    // Late by the schedule's own projection (the step's overrun, and the pace it sets for the rest).
    await waitFor(() => status()?.text.includes('Database cutover: 1 h 15 min late') === true, 'the status said late', 15_000);
  });
  it('says the night is on hold while the approver’s HOLD stands, never on time', async () => {
    const clock = Date.UTC(2026, 3, 29, 18, 0);
    const lead = await livingStatusNight(() => clock);
    const cto = h!.client('approver', 'Ana');
    await live(cto);
    await lead.send('cutover.start', {}).done;
    const status = () => slack!.messages.find((m) => m.text.includes('window ends'));
    await waitFor(() => status()?.text.includes('on time') === true, 'the status on time', 10_000);
    await cto.send('decision.record', { decision: 'hold', rationale: 'replica lag too high to switch' }).done;
    await waitFor(() => status()?.text.includes('On hold since') === true, 'the status on hold', 10_000);
    expect(status()!.text).toMatch(/On hold since \d\d:\d\d \S+ \(HOLD by Ana\)/);
    expect(status()!.text).not.toContain('on time');
    expect(JSON.stringify(status()!.blocks)).toContain('⏸️');
    // A GO lifts it.
    await cto.send('decision.record', { decision: 'go', rationale: 'lag back under 5 s' }).done;
    await waitFor(() => status()?.text.includes('on time') === true, 'the status on time again', 10_000);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { retryDelayMs, RETRY } from '@shared/comms';
import type { CutoverEvent } from '@shared/cutover';
import { onTimeline } from '../../../renderer/features/comms/commsTimeline';
import { startFakeSlack, type FakeSlack } from '../../support/fakeSlack';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';

/*
 * Slack unreachable for a while, through the real hub, the real outbox and the real Slack
 * client against the fake Slack over HTTP. The night this came from: the count stuck at
 * "attempt 2", a retry every 3 s, and a timeline line for each (24 in 80 s).
 */

let h: TestHub | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await h?.stop();
  await slack?.close();
  h = slack = undefined;
});

type Delivery = Extract<CutoverEvent, { type: 'delivery.sending' | 'delivery.sent' | 'delivery.failed' }>;
const isDelivery = (e: CutoverEvent, id: string): e is Delivery =>
  (e.type === 'delivery.sending' || e.type === 'delivery.sent' || e.type === 'delivery.failed') && e.payload.messageId === id;

async function slackHub(): Promise<{ lead: HubClient; slack: FakeSlack }> {
  slack = await startFakeSlack();
  h = await startTestHub({ secretsKey: Buffer.alloc(32, 5), slackApiUrl: slack.url });
  const lead = h.client('lead', 'Lena');
  await live(lead);
  await lead.send('secret.set', { name: 'slack-token', value: slack.token }).done;
  await lead.send('comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token', livingStatus: false } } }).done;
  return { lead, slack };
}

describe('an update while Slack cannot be reached', () => {
  it('numbers its attempts, spaces them as documented, keeps the journal small and the timeline to two lines', { timeout: 45_000 }, async () => {
    const { lead, slack } = await slackHub();
    // Down for 13 s: attempt 1 at 0 s, 2 after 2–2.5 s, 3 after 4–5 s more (6–7.5 s), all
    // refused; 4 waits 8–10 s more (14 s at the earliest) and finds Slack back.
    slack.outage(13_000);
    const [seq] = await lead.send('message.send', { text: 'Processing paused', bannerText: '', state: 'in_progress', destinations: ['slack'] }).done;
    await until(lead, (c) => c.state.seq >= seq!, 5000, 'the request');
    const id = lead.state.messageOrder.at(-1)!;
    await until(lead, (c) => c.state.messages[id]?.deliveries.slack?.status === 'sent', 30_000, 'sent once Slack is back');

    const events = lead.events.filter((e): e is Delivery => isDelivery(e, id));
    const failures = events.flatMap((e) => (e.type === 'delivery.failed' ? [e] : []));
    expect(failures.map((f) => f.payload.attempt)).toEqual([1, 2, 3]);
    for (const f of failures) {
      // The wait each failure records is the documented one for its attempt…
      const wait = f.payload.retryAt! - f.ts;
      expect(wait).toBeGreaterThanOrEqual(retryDelayMs(f.payload.attempt, 0) - 1);
      expect(wait).toBeLessThanOrEqual(retryDelayMs(f.payload.attempt, 1) + 1);
      // …and the next attempt waited it out.
      const next = events.find((e) => e.seq > f.seq)!;
      expect(next.ts).toBeGreaterThanOrEqual(f.payload.retryAt! - 5); // a timer may fire a millisecond early by the wall clock
    }
    // At most a start and an end per attempt: 13 s of outage cost a handful of events, not dozens.
    expect(lead.state.messages[id]!.deliveries.slack!.attempts).toBe(4);
    expect(events.length).toBeLessThanOrEqual(2 * 4);
    expect(slack.messages.filter((m) => m.text === 'Processing paused')).toHaveLength(1);

    // The timeline: the update, its first failure, and its end; the retries stay in the delivery's events.
    const lines = lead.events.filter((e) => e.seq >= seq! && onTimeline(e)).map((e) => (e.type === 'delivery.failed' ? `failed ${e.payload.attempt}` : e.type));
    expect(lines).toEqual(['message.requested', 'failed 1', 'delivery.sent']);
    expect(RETRY.baseMs).toBe(2000);
  });
});

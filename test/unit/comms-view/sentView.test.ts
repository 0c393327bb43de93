import { describe, expect, it } from 'vitest';
import { sentMessageId, sentReport } from '../../../renderer/features/comms/sentView';
import type { Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';
import { COMMS, hub, newest, slackNight } from './nights';

const at = (min: number, sec = 0) => WINDOW_START + min * 60_000 + sec * 1000;
const TZ = 'Europe/London';

/** Comms sends an update to Slack and the banner at 18:49 (19:00 is the window's start). */
function sent(): { n: Night; id: string; since: number } {
  const n = slackNight();
  n.now = at(-11);
  const since = n.state.seq;
  n.ok(COMMS, 'message.send', { text: 'Window started', bannerText: 'Maintenance under way', state: 'in_progress', destinations: ['slack', 'banner'] });
  return { n, id: newest(n), since };
}
const report = (n: Night, id: string) => sentReport(n.state.messages[id]!, TZ);
const DOWN = 'Could not reach Slack (ECONNRESET): will retry.';

describe('what the composer says of the update just sent', () => {
  it('finds the update this member sent, not one sent by someone else meanwhile', () => {
    const { n, id, since } = sent();
    expect(sentMessageId(n.events, COMMS.id, since)).toBe(id);
    expect(sentMessageId(n.events, 'm-someone-else', since)).toBeNull();
    expect(sentMessageId(n.events, COMMS.id, n.state.seq)).toBeNull();
  });

  it('never says delivered while Slack is retrying: it says when, which attempt, and why', () => {
    const { n, id } = sent();
    expect(report(n, id)).toMatchObject({ state: 'under_way', headline: 'On its way' });
    hub(
      n,
      { type: 'delivery.sending', payload: { messageId: id, destination: 'banner', attempt: 1 } },
      { type: 'delivery.sent', payload: { messageId: id, destination: 'banner', providerId: 'hub-banner' } },
    );
    hub(n, { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 1 } });
    expect(report(n, id).lines.map((l) => [l.label, l.state, l.text])).toEqual([
      ['Slack', 'sending', 'sending'],
      ['Banner', 'delivered', 'delivered at 18:49:00'],
    ]);
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 1, error: DOWN, retryAt: at(-11, 2) } });
    // The next attempts fail before anything is posted (the look-up comes first): they count all the same.
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 2, error: DOWN, retryAt: at(-11, 7) } });
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 3, error: DOWN, retryAt: at(-11, 16) } });
    const r = report(n, id);
    expect(r).toMatchObject({ state: 'retrying', headline: 'Not delivered to Slack yet: the hub keeps trying' });
    expect(r.lines[0]).toMatchObject({ state: 'retrying', text: `retrying at 18:49:16, attempt 4: ${DOWN}`, tone: 'warn' });
    n.now = at(-11, 16);
    hub(
      n,
      { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 4 } },
      { type: 'delivery.sent', payload: { messageId: id, destination: 'slack', providerId: 'C1:1.2' } },
    );
    expect(report(n, id)).toMatchObject({ state: 'delivered', headline: 'Delivered at 18:49:16' });
  });

  it('says failed for good, after how many attempts, once the hub gave up', () => {
    const { n, id } = sent();
    hub(n, { type: 'delivery.sent', payload: { messageId: id, destination: 'banner', providerId: 'hub-banner' } });
    hub(
      n,
      { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 1 } },
      { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 1, error: 'The bot is not in #cutover.', retryAt: null } },
    );
    expect(report(n, id)).toMatchObject({ state: 'failed', headline: 'Not delivered to Slack: the hub gave up' });
    expect(report(n, id).lines[0]).toMatchObject({ text: 'failed for good after 1 attempt: The bot is not in #cutover.', tone: 'danger' });
  });
  it('names a destination cancelled beside those delivered, and never says delivered of an update cancelled everywhere', () => {
    const { n, id } = sent();
    hub(n, { type: 'delivery.sent', payload: { messageId: id, destination: 'banner', providerId: 'hub-banner' } });
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 1, error: DOWN, retryAt: at(-11, 2) } });
    n.ok(COMMS, 'message.cancel', { messageId: id, destination: 'slack' });
    expect(report(n, id)).toMatchObject({ state: 'delivered', headline: 'Delivered to Banner at 18:49:00; cancelled for Slack' });
    const other = sent();
    for (const d of ['slack', 'banner'] as const) other.n.ok(COMMS, 'message.cancel', { messageId: other.id, destination: d });
    expect(report(other.n, other.id)).toMatchObject({ state: 'cancelled', headline: 'Cancelled: it went nowhere' });
  });
});

import { describe, expect, it } from 'vitest';
import { CHANNEL, UNRECORDED } from '@shared/comms';
import { LEAD, Night } from '../../support/domain';

/*
 * How a delivery's events fold. The outbox decides what to do next from this state alone
 * (after a restart too), so a cancel must stand and where earlier attempts posted must
 * survive a retry by hand.
 */

const SLACK = { channel: '#cutover', tokenSecret: 'slack-token', threaded: true, livingStatus: false };
/** One update to Slack, requested: the night, and the delivery's key in its events and commands. */
function update(): { n: Night; d: { messageId: string; destination: 'slack' } } {
  const n = new Night()
    .ok(LEAD, 'comms.configure', { config: { slack: SLACK } })
    .ok(LEAD, 'message.send', { text: 'Processing paused', bannerText: '', state: 'in_progress', destinations: ['slack'] });
  return { n, d: { messageId: n.state.messageOrder.at(-1)!, destination: 'slack' } };
}
const slack = (n: Night) => n.state.messages[n.state.messageOrder.at(-1)!]!.deliveries.slack!;

describe('a delivery, as its events fold', () => {
  it('stays cancelled when an attempt that began or failed after the cancel is folded in', () => {
    const { n, d } = update();
    n.observed([{ type: 'delivery.failed', payload: { ...d, attempt: 1, error: 'Slack answered HTTP 500', retryAt: 1 } }]).ok(LEAD, 'message.cancel', d);
    n.observed([{ type: 'delivery.sending', payload: { ...d, attempt: 2, thread: null } }]);
    expect(slack(n)).toMatchObject({ status: 'cancelled', retryAt: null });
    n.observed([{ type: 'delivery.failed', payload: { ...d, attempt: 2, error: 'Slack did not answer in time', retryAt: 2 } }]);
    expect(slack(n)).toMatchObject({ status: 'cancelled', retryAt: null, attempts: 2 });
  });

  it('says sent when the post did go out before the cancel: the truth wins', () => {
    const { n, d } = update();
    n.observed([{ type: 'delivery.failed', payload: { ...d, attempt: 1, error: 'Slack answered HTTP 500', retryAt: 1 } }]).ok(LEAD, 'message.cancel', d);
    n.observed([{ type: 'delivery.sent', payload: { ...d, providerId: 'C0CUTOVER1:1.000100' } }]);
    expect(slack(n)).toMatchObject({ status: 'sent', providerId: 'C0CUTOVER1:1.000100' });
  });

  it('remembers where each attempt posted through a retry by hand, which numbers the attempts from 1 again', () => {
    const { n, d } = update();
    n.observed([
      { type: 'delivery.sending', payload: { ...d, attempt: 1, thread: null } },
      { type: 'delivery.failed', payload: { ...d, attempt: 1, error: 'Slack refused the token', retryAt: null } },
    ]).ok(LEAD, 'message.retry', d);
    expect(slack(n)).toMatchObject({ status: 'queued', attempts: 0, triedIn: [CHANNEL] });
    n.observed([{ type: 'delivery.sending', payload: { ...d, attempt: 1, thread: '1.000200' } }]);
    expect(slack(n)).toMatchObject({ status: 'sending', attempts: 1, triedIn: [CHANNEL, '1.000200'] });
  });

  it('folds an attempt from an older journal, which did not say where it posted, as posted somewhere unrecorded', () => {
    const { n, d } = update();
    n.observed([{ type: 'delivery.sending', payload: { ...d, attempt: 1 } }]);
    expect(slack(n)).toMatchObject({ status: 'sending', attempts: 1, triedIn: [UNRECORDED] });
  });
});

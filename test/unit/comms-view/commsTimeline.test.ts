import { describe, expect, it } from 'vitest';
import { onTimeline } from '../../../renderer/features/comms/commsTimeline';
import { timelineRows } from '../../../renderer/features/timeline/timelineView';
import type { Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';
import { COMMS, hub, newest, slackNight } from './nights';

const at = (min: number, sec = 0) => WINDOW_START + min * 60_000 + sec * 1000;
const DOWN = 'Could not reach Slack (ECONNRESET): will retry.';

/** An update to Slack and the banner at 19:02; the banner takes it at once. */
function update(): { n: Night; id: string; since: number } {
  const n = slackNight().at(2);
  const since = n.state.seq;
  n.ok(COMMS, 'message.send', {
    text: '*Window started*\nFirst up: stop processing.',
    bannerText: 'Maintenance under way',
    state: 'in_progress',
    destinations: ['slack', 'banner'],
  });
  const id = newest(n);
  hub(
    n,
    { type: 'delivery.sending', payload: { messageId: id, destination: 'banner', attempt: 1 } },
    { type: 'delivery.sent', payload: { messageId: id, destination: 'banner', providerId: 'hub-banner' } },
  );
  return { n, id, since };
}

/** Slack refusing `count` attempts in a row, each waiting `waitSec` more than the last. */
function slackDown(n: Night, id: string, count: number, giveUp = false): void {
  let sec = 0;
  for (let attempt = 1; attempt <= count; attempt++) {
    n.now = at(2, sec);
    const last = giveUp && attempt === count;
    const retryAt = last ? null : at(2, sec + 2 ** attempt);
    if (attempt === 1) hub(n, { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt } });
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt, error: DOWN, retryAt } });
    sec += 2 ** attempt;
  }
  n.now = at(2, sec);
}

const lines = (n: Night, since: number) =>
  timelineRows(
    n.events.filter((e) => e.seq > since),
    n.state,
    'Europe/London',
  ).map((r) => r.entry?.text ?? r.group?.text);

describe('updates on the timeline', () => {
  it('are one line when sent, one when a destination first fails and one when it ends: the retries stay in the delivery’s events', () => {
    const { n, id, since } = update();
    slackDown(n, id, 6);
    hub(
      n,
      { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 7 } },
      { type: 'delivery.sent', payload: { messageId: id, destination: 'slack', providerId: 'C1:1.2' } },
    );
    expect(n.events.filter((e) => e.seq > since)).toHaveLength(12);
    expect(lines(n, since)).toEqual([
      'Update to Slack: Window started, sent',
      `Update to Slack: Window started, not sent yet (trying again at 19:02:02, then backing off): ${DOWN}`,
      'Update to banner: Window started, sent',
      'Update to Slack, banner: Window started',
    ]);
  });

  it('says when the hub gave up, after how many attempts, and when an update was cancelled or tried again', () => {
    const { n, id, since } = update();
    slackDown(n, id, 10, true);
    const given = lines(n, since);
    expect(given[0]).toBe(`Update to Slack: Window started, failed for good after 10 attempts: ${DOWN}`);
    expect(given).toHaveLength(4);
    n.ok(COMMS, 'message.retry', { messageId: id, destination: 'slack' });
    expect(lines(n, since)[0]).toBe('Update to Slack: Window started, to be tried again');
    n.ok(COMMS, 'message.cancel', { messageId: id, destination: 'slack' });
    expect(lines(n, since)[0]).toBe('Update to Slack: Window started, cancelled');
  });

  it('leaves out each attempt, and every failure but a round’s first', () => {
    const { n, id } = update();
    slackDown(n, id, 3);
    const shown = n.events.filter((e) => e.type.startsWith('delivery.') && onTimeline(e)).map((e) => e.type);
    expect(shown).toEqual(['delivery.sent', 'delivery.failed']);
  });
});

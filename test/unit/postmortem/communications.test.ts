import { describe, expect, it } from 'vitest';
import type { Actor } from '@shared/cutover';
import { LEAD, Night } from '../../support/domain';
import { draftOf, hubRecords, minute, RUNBOOK, section } from './support';

const CLEO: Actor = { id: 'm-cleo', name: 'Cleo', role: 'comms' };

/** A night with Slack set up and Cleo on comms. */
function commsNight(): Night {
  const n = new Night(RUNBOOK);
  hubRecords(n, { type: 'member.joined', payload: { member: { ...CLEO, role: 'comms', station: '', inviteId: '' } } }, CLEO);
  n.at(0)
    .ok(LEAD, 'cutover.start')
    .ok(LEAD, 'comms.configure', { config: { slack: { channel: '#cutover', tokenSecret: 'slack-token' } } });
  return n;
}

/** Cleo sends; returns the new message's id. */
function send(n: Night, at: number, text: string, destinations: ('slack' | 'banner')[], bannerText = ''): string {
  n.at(at).ok(CLEO, 'message.send', { text, bannerText, state: 'in_progress', destinations });
  return n.state.messageOrder[n.state.messageOrder.length - 1]!;
}

const delivery = (messageId: string, destination: 'slack' | 'banner') => ({
  sending: (attempt: number) => ({ type: 'delivery.sending' as const, payload: { messageId, destination, attempt } }),
  sent: () => ({ type: 'delivery.sent' as const, payload: { messageId, destination, providerId: 'p-1' } }),
  failed: (attempt: number, error: string, retryAt: number | null) => ({
    type: 'delivery.failed' as const,
    payload: { messageId, destination, attempt, error, retryAt },
  }),
});

describe('communications in the postmortem', () => {
  it('lists every message oldest first with who sent it, where to, the text and how each delivery ended', () => {
    const n = commsNight();
    const restarted = send(n, 31, 'Processing has restarted; working through the queued events.', ['slack', 'banner'], 'We are catching up on queued alarms.');
    hubRecords(n, [
      delivery(restarted, 'slack').sending(1),
      delivery(restarted, 'banner').sending(1),
      delivery(restarted, 'banner').sent(),
      delivery(restarted, 'slack').sent(),
    ]);

    const refused = send(n, 60, 'The queue is still draining.', ['slack']);
    for (let attempt = 1; attempt <= 8; attempt++) {
      hubRecords(n.at(60 + attempt), [
        delivery(refused, 'slack').sending(attempt),
        delivery(refused, 'slack').failed(attempt, 'Slack refused the token: invalid_auth', attempt < 8 ? minute(61 + attempt) : null),
      ]);
    }

    const dropped = send(n, 70, 'Ignore the last update.', ['slack']);
    hubRecords(n, [delivery(dropped, 'slack').sending(1), delivery(dropped, 'slack').failed(1, 'rate limited', minute(75))]);
    n.at(72).ok(CLEO, 'message.cancel', { messageId: dropped, destination: 'slack' });

    const retried = send(n, 80, 'All alarm connections have caught up.', ['banner', 'slack'], 'Alarms are up to date.');
    hubRecords(n, [
      delivery(retried, 'banner').sending(1),
      delivery(retried, 'banner').sent(),
      delivery(retried, 'slack').sending(1),
      delivery(retried, 'slack').failed(1, 'timeout', minute(81)),
    ]);
    hubRecords(n.at(81), [delivery(retried, 'slack').sending(2), delivery(retried, 'slack').sent()]);

    const pending = send(n, 90, 'Back to normal.', ['slack']);
    hubRecords(n, delivery(pending, 'slack').sending(1));

    expect(section(draftOf(n), 'Communications').split('\n')).toEqual([
      '- 19:31 Update to Slack, banner by Cleo: Processing has restarted; working through the queued events. (banner: “We are catching up on queued alarms.”) — Slack sent, banner sent',
      '- 20:00 Update to Slack by Cleo: The queue is still draining. — Slack failed after 8 attempts (Slack refused the token: invalid_auth)',
      '- 20:10 Update to Slack by Cleo: Ignore the last update. — Slack cancelled at 20:12 after 1 attempt (rate limited)',
      '- 20:20 Update to Slack, banner by Cleo: All alarm connections have caught up. (banner: “Alarms are up to date.”) — Slack sent at 20:21 after 2 attempts, banner sent',
      '- 20:30 Update to Slack by Cleo: Back to normal. — Slack still sending at the end of the record',
    ]);
  });

  it('counts a message the outbox gave up on as not going to plan, and a cancelled one not', () => {
    const n = commsNight();
    const refused = send(n, 60, 'The queue is still draining.', ['slack']);
    hubRecords(n, [delivery(refused, 'slack').sending(1), delivery(refused, 'slack').failed(1, 'channel_not_found', null)]);
    const dropped = send(n, 70, 'Ignore that.', ['slack']);
    n.at(71).ok(CLEO, 'message.cancel', { messageId: dropped, destination: 'slack' });
    const didNot = section(draftOf(n), 'What went wrong');
    expect(didNot).toContain('- The update at 20:00 by Cleo did not reach Slack: it failed after 1 attempt (channel_not_found).');
    expect(didNot).not.toContain('20:10');
    expect(section(draftOf(n), 'Communications')).toContain('- 20:10 Update to Slack by Cleo: Ignore that. — Slack cancelled at 20:11');
  });

  it('counts in Impact only the updates that reached the banner, and names those that did not', () => {
    const n = commsNight();
    const shown = send(n, 31, 'Processing has restarted.', ['banner'], 'We are catching up.');
    hubRecords(n, [delivery(shown, 'banner').sending(1), delivery(shown, 'banner').sent()]);
    const lost = send(n, 40, 'Still catching up.', ['slack', 'banner'], 'Still catching up.');
    hubRecords(n, [
      delivery(lost, 'slack').sending(1),
      delivery(lost, 'slack').sent(),
      delivery(lost, 'banner').sending(1),
      delivery(lost, 'banner').failed(1, 'the banner service answered 503', null),
    ]);
    const dropped = send(n, 50, 'Ignore that.', ['banner'], 'Ignore that.');
    hubRecords(n, [delivery(dropped, 'banner').sending(1), delivery(dropped, 'banner').failed(1, 'timeout', minute(55))]);
    n.at(51).ok(CLEO, 'message.cancel', { messageId: dropped, destination: 'banner' });
    const impact = section(draftOf(n), 'Impact').split('\n');
    expect(impact).toContain('- Customers were told: one update on the banner or status page (see Communications).');
    expect(impact).toContain('- Did not reach customers: the update at 19:40 by Cleo (banner failed); the update at 19:50 by Cleo (banner cancelled).');
  });

  it('says no update reached the customers when none did', () => {
    const n = commsNight();
    const lost = send(n, 40, 'Still catching up.', ['banner'], 'Still catching up.');
    hubRecords(n, [delivery(lost, 'banner').sending(1), delivery(lost, 'banner').failed(1, 'the banner service answered 503', null)]);
    const impact = section(draftOf(n), 'Impact');
    expect(impact).not.toContain('Customers were told');
    expect(impact).toContain('- Did not reach customers: the update at 19:40 by Cleo (banner failed).');
  });

  it('says so when no message was sent', () => {
    expect(section(draftOf(commsNight()), 'Communications')).toBe('No messages were recorded.');
  });

  it('is deterministic: the same messages give the same text', () => {
    const build = () => {
      const n = commsNight();
      const id = send(n, 31, 'Processing has restarted.', ['banner', 'slack'], 'Processing has restarted.');
      hubRecords(n, [delivery(id, 'banner').sending(1), delivery(id, 'banner').sent()]);
      return n;
    };
    expect(draftOf(build())).toBe(draftOf(build()));
  });
});

describe('updates on the postmortem timeline', () => {
  const updateLines = (n: Night) =>
    section(draftOf(n), 'Timeline')
      .split('\n')
      .filter((l) => l.includes(' [comms] Update'));

  it('puts each update where its last destination was done with it, with how it ended', () => {
    const n = commsNight();
    const both = send(n, 31, '*Processing has restarted*\nworking through the queued events.', ['slack', 'banner'], 'We are catching up.');
    hubRecords(n, [
      delivery(both, 'banner').sending(1),
      delivery(both, 'banner').sent(),
      delivery(both, 'slack').sending(1),
      delivery(both, 'slack').failed(1, 'timeout', minute(33)),
    ]);
    hubRecords(n.at(33), [delivery(both, 'slack').sending(2), delivery(both, 'slack').sent()]);
    const half = send(n, 40, 'Switch-over done.', ['slack', 'banner'], 'Nearly there.');
    hubRecords(n, [delivery(half, 'banner').sending(1), delivery(half, 'banner').sent()]);
    hubRecords(n.at(45), [delivery(half, 'slack').sending(1), delivery(half, 'slack').failed(1, 'channel_not_found', null)]);
    const dropped = send(n, 50, 'Ignore the last update.', ['slack']);
    n.at(52).ok(CLEO, 'message.cancel', { messageId: dropped, destination: 'slack' });
    const pending = send(n, 60, 'Back to normal.', ['slack']);
    hubRecords(n, delivery(pending, 'slack').sending(1));
    expect(updateLines(n)).toEqual([
      '- 19:33 [comms] Update to Slack, banner: Processing has restarted, sent',
      '- 19:45 [comms] Update to Slack, banner: Switch-over done, sent to banner; Slack failed',
      '- 19:52 [comms] Update to Slack: Ignore the last update, cancelled',
      '- 20:00 [comms] Update to Slack: Back to normal, not yet sent everywhere at the end of the record',
    ]);
  });

  it('says an update retried by hand ended again', () => {
    const n = commsNight();
    const id = send(n, 31, 'Processing paused.', ['slack']);
    hubRecords(n, [delivery(id, 'slack').sending(1), delivery(id, 'slack').failed(1, 'invalid_auth', null)]);
    n.at(35).ok(CLEO, 'message.retry', { messageId: id, destination: 'slack' });
    hubRecords(n.at(36), [delivery(id, 'slack').sending(1), delivery(id, 'slack').sent()]);
    expect(updateLines(n)).toEqual(['- 19:31 [comms] Update to Slack: Processing paused, failed', '- 19:36 [comms] Update to Slack: Processing paused, sent']);
  });
});

import { describe, expect, it } from 'vitest';
import { mergedTemplates } from '../../../renderer/features/comms/commsView';
import { deliveryChip, messageRows, safeHttpUrl } from '../../../renderer/features/comms/deliveryView';
import type { Night } from '../../support/domain';
import { WINDOW_START } from '../../support/hubHarness';
import { COMMS, hub, newest, slackNight } from './nights';

const at = (min: number) => WINDOW_START + min * 60_000;
const TZ = 'Europe/London';

/** An update to Slack and the banner, sent by comms at 19:02. */
function sentUpdate(): { n: Night; id: string } {
  const n = slackNight()
    .at(2)
    .ok(COMMS, 'message.send', {
      templateId: 'tpl-window-starting',
      text: 'Window started',
      bannerText: 'Maintenance under way',
      state: 'in_progress',
      destinations: ['slack', 'banner'],
    });
  return { n, id: newest(n) };
}

const chipOf = (n: Night, id: string, d: 'slack' | 'banner' = 'slack') => deliveryChip(n.state.messages[id]!.deliveries[d]!, TZ);

describe('a delivery chip', () => {
  it('says queued, calmly, until the hub takes it, and it can still be cancelled', () => {
    const { n, id } = sentUpdate();
    expect(chipOf(n, id)).toMatchObject({ label: 'Slack', status: 'queued', text: 'queued', tone: 'calm', canRetry: false, canCancel: true, link: null });
  });

  it('says sending while the hub is at it, with the attempt once it is not the first', () => {
    const { n, id } = sentUpdate();
    hub(n, { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 1 } });
    expect(chipOf(n, id)).toMatchObject({ status: 'sending', text: 'sending', tone: 'info', canRetry: false, canCancel: false });
    hub(n, { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 2 } });
    expect(chipOf(n, id).text).toBe('sending (attempt 2)');
  });

  it('says when it was sent, with a link to open it in Slack', () => {
    const { n, id } = sentUpdate();
    n.at(3);
    hub(n, {
      type: 'delivery.sent',
      payload: { messageId: id, destination: 'slack', providerId: 'C1:1.2', permalink: 'https://acme.slack.com/archives/C1/p12' },
    });
    expect(chipOf(n, id)).toMatchObject({
      status: 'sent',
      text: 'sent 19:03',
      tone: 'ok',
      link: { href: 'https://acme.slack.com/archives/C1/p12', label: 'open in Slack' },
      canCancel: false,
    });
  });

  it('links only to http(s) addresses, whatever a provider sends back', () => {
    const { n, id } = sentUpdate();
    hub(n, { type: 'delivery.sent', payload: { messageId: id, destination: 'slack', providerId: 'C1:1.2', permalink: 'javascript:alert(1)' } });
    expect(chipOf(n, id).link).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
    expect(safeHttpUrl('http://status.example.com/x')).toBe('http://status.example.com/x');
  });

  it('says when the hub will try again, which attempt that is, and why the last one failed', () => {
    const { n, id } = sentUpdate();
    hub(n, { type: 'delivery.sending', payload: { messageId: id, destination: 'slack', attempt: 2 } });
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 2, error: 'Slack is rate limiting', retryAt: at(4) } });
    expect(chipOf(n, id)).toMatchObject({
      status: 'queued',
      text: 'retrying at 19:04 (attempt 3): Slack is rate limiting',
      tone: 'warn',
      canRetry: false,
      canCancel: true,
    });
  });

  it('says an update waits for the one before it while that one has not gone, destination by destination', () => {
    const { n, id: first } = sentUpdate();
    hub(n, { type: 'delivery.sent', payload: { messageId: first, destination: 'banner', providerId: 'hub-banner' } });
    hub(n, { type: 'delivery.sending', payload: { messageId: first, destination: 'slack', attempt: 1 } });
    hub(n, { type: 'delivery.failed', payload: { messageId: first, destination: 'slack', attempt: 1, error: 'Slack is rate limiting', retryAt: at(4) } });
    n.ok(COMMS, 'message.send', { text: 'Switch done', bannerText: 'Nearly there', state: 'in_progress', destinations: ['slack', 'banner'] });
    const second = newest(n);
    const [row, firstRow] = messageRows(n.state, mergedTemplates({}));
    expect(row!.id).toBe(second);
    expect(row!.chips.map((c) => [c.label, c.text])).toEqual([
      ['Slack', 'waiting for the update before it'],
      ['Banner', 'queued'],
    ]);
    expect(firstRow!.chips[0]!.text).toBe('retrying at 19:04 (attempt 2): Slack is rate limiting');
    hub(n, { type: 'delivery.sent', payload: { messageId: first, destination: 'slack', providerId: 'C1:1.2' } });
    expect(messageRows(n.state, mergedTemplates({}))[0]!.chips[0]!.text).toBe('queued');
  });

  it('says it failed, with the sentence, and offers Retry and Cancel once the hub gave up', () => {
    const { n, id } = sentUpdate();
    hub(n, {
      type: 'delivery.failed',
      payload: { messageId: id, destination: 'slack', attempt: 1, error: 'The bot is not in #cutover: invite it with /invite @warroom.', retryAt: null },
    });
    expect(chipOf(n, id)).toMatchObject({
      status: 'failed',
      text: 'failed: The bot is not in #cutover: invite it with /invite @warroom.',
      tone: 'danger',
      canRetry: true,
      canCancel: true,
    });
  });

  it('says queued to try again after a retry, and cancelled once cancelled', () => {
    const { n, id } = sentUpdate();
    hub(n, { type: 'delivery.failed', payload: { messageId: id, destination: 'slack', attempt: 1, error: 'Slack is down', retryAt: null } });
    n.ok(COMMS, 'message.retry', { messageId: id, destination: 'slack' });
    expect(chipOf(n, id)).toMatchObject({ status: 'queued', text: 'queued to try again', tone: 'calm' });
    n.ok(COMMS, 'message.cancel', { messageId: id, destination: 'slack' });
    expect(chipOf(n, id)).toMatchObject({ status: 'cancelled', text: 'cancelled', tone: 'muted', canRetry: false, canCancel: false });
  });
});

describe('the list of updates', () => {
  it('is newest first, each with who sent it, when in the cutover’s zone, and a chip per destination', () => {
    const { n, id: first } = sentUpdate();
    hub(n, { type: 'delivery.sent', payload: { messageId: first, destination: 'banner', providerId: 'hub-banner' } });
    n.at(20).ok(COMMS, 'message.send', { text: 'Still switching', bannerText: 'Still switching over', state: 'in_progress', destinations: ['banner'] });
    const rows = messageRows(n.state, mergedTemplates(n.state.comms.templates));
    expect(rows.map((r) => [r.text, r.by, r.at, r.templateTitle])).toEqual([
      ['Still switching', 'Cora', '19:20', null],
      ['Window started', 'Cora', '19:02', 'Maintenance window starting'],
    ]);
    expect(rows[1]!.chips.map((c) => [c.destination, c.status])).toEqual([
      ['slack', 'queued'],
      ['banner', 'sent'],
    ]);
    expect(rows[1]!.stateLabel).toBe('In progress');
  });

  it('is empty before anything was sent', () => {
    expect(messageRows(slackNight().state, [])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { bannerSettings, bannerView, NO_BANNER } from '@shared/comms';
import { CommsConfigSchema } from '@shared/comms/schema';
import { LEAD } from '../../support/domain';
import { at, fifteenMinutesLate } from './nights';

const HOUR = 60 * 60_000;

/** The night under way, with one banner message of `state`. */
function withBanner(state: 'in_progress' | 'verifying' | 'rolled_back' | 'completed', bannerText = 'Maintenance under way') {
  const n = fifteenMinutesLate();
  n.ok(LEAD, 'message.send', { text: 'crew', bannerText, state, destinations: ['banner'] });
  const id = n.state.messageOrder.at(-1)!;
  n.observed([{ type: 'delivery.sent', payload: { messageId: id, destination: 'banner', providerId: 'hub-banner' } }]);
  return n;
}

describe('the customers’ banner', () => {
  it('adds when the work should end in the zone the lead set for customers, named, while the work goes on', () => {
    const n = withBanner('in_progress');
    const london = bannerView(n.state, at(31));
    expect(london).toMatchObject({ active: true, timeZone: 'Europe/London', etaText: expect.stringMatching(/^\d\d:\d\d BST$/) });
    n.ok(LEAD, 'comms.configure', { config: { banner: { timeZone: 'America/New_York' } } });
    const ny = bannerView(n.state, at(31));
    expect(ny.eta).toBe(london.eta);
    expect(ny).toMatchObject({ timeZone: 'America/New_York', etaText: expect.stringMatching(/^\d\d:\d\d GMT-4$/) });
  });

  it('never says when the work should end under a message that backs out or is done', () => {
    for (const state of ['rolled_back', 'completed'] as const) {
      const view = bannerView(withBanner(state, 'Backed out; we will share a new date.').state, at(31));
      expect(view).toMatchObject({ active: true, text: 'Backed out; we will share a new date.', eta: null, etaText: null });
    }
    expect(bannerView(withBanner('verifying').state, at(31)).etaText).not.toBeNull();
  });

  it('keeps the final message up for a day after the night ends, or for the time the lead set', () => {
    const n = withBanner('completed', 'Maintenance complete.');
    n.at(60).ok(LEAD, 'cutover.finish', { outcome: 'completed', early: true, reason: 'the rest is for tomorrow' });
    const ended = n.state.endedAt!;
    expect(bannerView(n.state, ended + 23 * HOUR)).toMatchObject({ active: true, text: 'Maintenance complete.', eta: null, until: ended + 24 * HOUR });
    expect(bannerView(n.state, ended + 24 * HOUR)).toMatchObject({ active: false, text: '', state: 'completed' });
    n.ok(LEAD, 'comms.configure', { config: { banner: { keepAfterEndMin: 0 } } });
    expect(bannerView(n.state, ended)).toMatchObject({ active: false, until: ended });
  });

  it('reads a config recorded before the banner had settings as the defaults, and answers no banner like an unknown cutover', () => {
    const old = CommsConfigSchema.parse({ slack: null });
    expect(old.banner).toBeUndefined();
    expect(bannerSettings({ comms: { config: old, templates: {}, refs: {} } })).toEqual({ timeZone: null, keepAfterEndMin: 24 * 60 });
    expect(bannerView(fifteenMinutesLate().state, at(31))).toBe(NO_BANNER);
    expect(CommsConfigSchema.safeParse({ banner: { timeZone: 'Mars/Olympus' } }).success).toBe(false);
  });
});

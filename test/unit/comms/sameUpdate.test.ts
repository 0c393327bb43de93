import { describe, expect, it } from 'vitest';
import { LEAD, Night, SRE } from '../../support/domain';

const UPDATE = { text: 'Window started', bannerText: 'Maintenance is under way', state: 'in_progress', destinations: ['banner'] };

describe('the same update sent twice', () => {
  it('is refused within a minute of the first, naming who sent it; changed, later, or cancelled everywhere, it goes', () => {
    const n = new Night().at(1).ok(LEAD, 'message.send', UPDATE);
    n.now += 12_000;
    expect(n.run(LEAD, 'message.send', UPDATE)).toBe('Lena sent this same update 12 s ago: it is not posted twice. Change it to send another');
    // Other words, another state or other places are another update.
    n.ok(LEAD, 'message.send', { ...UPDATE, text: 'Window started, all calm' });
    n.ok(LEAD, 'message.send', { ...UPDATE, state: 'verifying' });
    // A minute on, the same words are a deliberate reminder.
    n.now += 60_000;
    n.ok(LEAD, 'message.send', UPDATE);
    const last = n.state.messageOrder.at(-1)!;
    expect(n.run(LEAD, 'message.send', UPDATE)).toMatch(/^Lena sent this same update 1 s ago/);
    // Cancelled before it went, it was never posted: sending it again is not a second post.
    n.ok(LEAD, 'message.cancel', { messageId: last, destination: 'banner' });
    n.ok(LEAD, 'message.send', UPDATE);
    expect(n.run(SRE, 'message.send', UPDATE)).toBe('Only comms, the lead, or someone the lead allowed may send updates');
  });
});

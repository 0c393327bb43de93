import { describe, expect, it } from 'vitest';
import { laneHead, waitingBehind, type DeliveryState, type DeliveryStatus, type Destination } from '@shared/comms';
import type { CutoverState } from '@shared/cutover';

/** Messages m1, m2, … with the given status per destination. */
function lanes(...statuses: Partial<Record<Destination, DeliveryStatus>>[]): Pick<CutoverState, 'messages' | 'messageOrder'> {
  const messageOrder = statuses.map((_, i) => `m${i + 1}`);
  const messages = Object.fromEntries(
    statuses.map((byDest, i) => {
      const deliveries = Object.fromEntries(Object.entries(byDest).map(([d, status]) => [d, { destination: d, status } as DeliveryState]));
      return [`m${i + 1}`, { id: `m${i + 1}`, deliveries }];
    }),
  ) as unknown as CutoverState['messages'];
  return { messages, messageOrder };
}

describe('the lane of each destination', () => {
  it('lets only the oldest update not yet sent, given up or cancelled go', () => {
    const s = lanes({ slack: 'sent', banner: 'sent' }, { slack: 'queued', banner: 'sent' }, { slack: 'queued', banner: 'queued' });
    expect(laneHead(s, 'slack')).toBe('m2');
    expect(laneHead(s, 'banner')).toBe('m3');
    expect(laneHead(s, 'webhook')).toBeUndefined();
  });

  it('steps past updates given up or cancelled, and holds behind one being sent', () => {
    const s = lanes({ slack: 'failed' }, { slack: 'cancelled' }, { slack: 'sending' }, { slack: 'queued' });
    expect(laneHead(s, 'slack')).toBe('m3');
    expect([...waitingBehind(s).entries()].map(([id, ds]) => [id, [...ds]])).toEqual([
      ['m1', []],
      ['m2', []],
      ['m3', []],
      ['m4', ['slack']],
    ]);
  });
});

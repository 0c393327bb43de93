import { describe, expect, it } from 'vitest';
import { ClockOffset, DEFAULT_BACKOFF, reconnectDelay } from '@shared/client';
import { desktopJoinLink, parseJoinLink, socketUrl, webJoinLink } from '@shared/protocol';

describe('reconnect backoff', () => {
  it('grows exponentially up to its cap, with the full range jittered', () => {
    expect(reconnectDelay(0, () => 1)).toBe(DEFAULT_BACKOFF.baseMs);
    expect(reconnectDelay(3, () => 1)).toBe(DEFAULT_BACKOFF.baseMs * 8);
    expect(reconnectDelay(50, () => 1)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(reconnectDelay(5, () => 0)).toBe(0);
    expect(reconnectDelay(5, () => 0.5)).toBe(4000);
  });
});

describe('clock offset', () => {
  it('trusts the sample with the shortest round trip', () => {
    const c = new ClockOffset();
    expect(c.offsetMs).toBe(0);
    c.add(1000, 6100, 1200); // rtt 200, offset 5000
    c.add(2000, 7010, 2020); // rtt 20, offset 5000
    c.add(3000, 8400, 3300); // rtt 300, a queued answer: offset 5250
    expect(c.offsetMs).toBe(5000);
    expect(c.bestRttMs).toBe(20);
  });

  it('forgets old samples so a changed clock is noticed', () => {
    const c = new ClockOffset(2);
    c.add(0, 100, 0);
    c.add(10, 20, 20);
    c.add(30, 40, 40);
    expect(c.offsetMs).toBe(5);
  });
});

describe('join links', () => {
  const target = { hub: 'http://10.0.0.5:7410', cutoverId: 'c-abc', token: 'tok_en-1' };

  it('round-trips web and desktop links', () => {
    expect(webJoinLink(target)).toBe('http://10.0.0.5:7410/#/join?c=c-abc&t=tok_en-1');
    expect(parseJoinLink(webJoinLink(target))).toEqual(target);
    expect(parseJoinLink(desktopJoinLink(target))).toEqual(target);
  });

  it('rejects links that are not ours', () => {
    for (const bad of ['', 'not a url', 'javascript:alert(1)', 'http://x/#/join', 'warroom://join?hub=file:///etc&c=a&t=b', 'http://x/?c=a&t=b']) {
      expect(parseJoinLink(bad), bad).toBeNull();
    }
  });

  it('derives the socket address from the hub address', () => {
    expect(socketUrl('https://hub.example/', 'c-1')).toBe('wss://hub.example/ws/c-1');
    expect(socketUrl('http://127.0.0.1:7410', 'c-1')).toBe('ws://127.0.0.1:7410/ws/c-1');
  });
});

import { describe, expect, it } from 'vitest';
import { lostAtAfter, staleText } from '../../../renderer/connection/staleness';

const T = Date.UTC(2026, 3, 29, 2, 12); // 03:12 in London (BST)

describe('what is shown while the hub is away', () => {
  it('dates from the moment a live connection was lost, and is current again once live', () => {
    expect(lostAtAfter('live', 'offline', null, T)).toBe(T);
    expect(lostAtAfter('offline', 'connecting', T, T + 5_000)).toBe(T);
    expect(lostAtAfter('syncing', 'live', T, T + 9_000)).toBeNull();
  });

  it('is not stale before anything was shown', () => {
    expect(lostAtAfter('connecting', 'offline', null, T)).toBeNull();
  });

  it('says as of when, and how long ago', () => {
    expect(staleText(T, T + 20_000, 'Europe/London')).toBe('as of 03:12, less than a minute ago');
    expect(staleText(T, T + 2 * 60_000, 'Europe/London')).toBe('as of 03:12, 2 min ago');
  });
});

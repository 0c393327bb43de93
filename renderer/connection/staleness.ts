import type { ConnectionStatus } from '@shared/client';
import { clockTime, span } from '../lib/time';
import { MIN, HOUR } from '@shared/time';

/**
 * When what the screen shows stopped being current: the moment the connection to the hub
 * was lost after it had been live. Before the first sync nothing is shown, so nothing is
 * stale; once live again it is current again.
 */
export function lostAtAfter(previous: ConnectionStatus, next: ConnectionStatus, lostAt: number | null, now: number): number | null {
  if (next === 'live') return null;
  return lostAt ?? (previous === 'live' ? now : null);
}

/** "as of 03:12, 2 min ago": figures frozen at the moment they were last true. */
export function staleText(lostAt: number, now: number, timeZone: string): string {
  const ago = now - lostAt;
  const howLong = ago < MIN ? 'less than a minute' : ago < HOUR ? `${Math.floor(ago / MIN)} min` : span(ago);
  return `as of ${clockTime(lostAt, timeZone)}, ${howLong} ago`;
}

import { useHubNow } from '../lib/useNow';
import { useCutover } from './cutoverStore';
import { staleText } from './staleness';

/** "as of 03:12, 2 min ago" while the hub is away; null while what is shown is current. */
export function useStaleText(): string | null {
  const lostAt = useCutover((s) => s.lostAt);
  const timeZone = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const now = useHubNow(5_000);
  return lostAt === null ? null : staleText(lostAt, now, timeZone);
}

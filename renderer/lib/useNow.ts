import { useEffect, useState } from 'react';
import { useCutover } from '../connection/cutoverStore';

/** Hub time, ticking every `everyMs`: countdowns agree on every screen. */
export function useHubNow(everyMs = 1000): number {
  const offset = useCutover((s) => s.clockOffsetMs);
  const replayNow = useCutover((s) => s.replayNow);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return replayNow ?? now + offset;
}

/**
 * The moment the figures on screen stand for: hub time while connected, frozen at the
 * moment the hub was lost while it is away, so nothing derived from it looks current.
 */
export function useShownNow(everyMs = 1000): number {
  const now = useHubNow(everyMs);
  const lostAt = useCutover((s) => s.lostAt);
  return lostAt ?? now;
}

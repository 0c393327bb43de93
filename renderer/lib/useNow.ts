import { useSyncExternalStore } from 'react';
import { useCutover } from '../connection/cutoverStore';

/*
 * One clock per period for the whole screen, not a timer per component: every reader of a
 * period gets the same `now` (so what they derive from it, like the schedule, is computed
 * once and shared), and all of a period's readers redraw in one task instead of one each,
 * scattered across the second, where any of them could delay drawing a step change.
 */
type Clock = {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  /** One function per period: a new one on each render would make React subscribe again, restarting the timer. */
  subscribe: (listener: () => void) => () => void;
};
const clocks = new Map<number, Clock>();

function clockOf(everyMs: number): Clock {
  let c = clocks.get(everyMs);
  if (!c) {
    c = { now: Date.now(), listeners: new Set(), timer: null, subscribe: (l) => subscribe(everyMs, l) };
    clocks.set(everyMs, c);
  }
  return c;
}

function subscribe(everyMs: number, listener: () => void): () => void {
  const c = clockOf(everyMs);
  if (c.listeners.size === 0) {
    c.timer = setInterval(() => {
      c.now = Date.now();
      for (const l of c.listeners) l();
    }, everyMs);
  }
  c.listeners.add(listener);
  return () => {
    c.listeners.delete(listener);
    if (c.listeners.size === 0 && c.timer !== null) {
      clearInterval(c.timer);
      c.timer = null;
    }
  };
}

/** The period's current tick; a clock nobody reads is brought up to date on reading (the same value until a period has gone by). */
function snapshot(everyMs: number): number {
  const c = clockOf(everyMs);
  if (c.listeners.size === 0 && Date.now() - c.now >= everyMs) c.now = Date.now();
  return c.now;
}

/** Local time, ticking every `everyMs`: the same value for every reader of that period. */
function useTick(everyMs: number): number {
  return useSyncExternalStore(clockOf(everyMs).subscribe, () => snapshot(everyMs));
}

/** Hub time, ticking every `everyMs`: countdowns agree on every screen. */
export function useHubNow(everyMs = 1000): number {
  const offset = useCutover((s) => s.clockOffsetMs);
  const replayNow = useCutover((s) => s.replayNow);
  const now = useTick(everyMs);
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

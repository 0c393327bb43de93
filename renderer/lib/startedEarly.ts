/**
 * What the page's first script starts before any screen exists (the night's connection, the
 * join link's check), held for the first screen that asks for the same key within `ms`. It is
 * taken once. A screen that asks for another key, or no screen within `ms`, lets it go
 * (`release`): a connection is closed, an answer may have gone stale (the link revoked since).
 */
export function startedEarly<T>(ms: number, release: (value: T) => void = () => undefined) {
  let held: { key: string; value: T; timer: ReturnType<typeof setTimeout> } | null = null;
  const takeHeld = () => {
    const h = held;
    held = null;
    if (h) clearTimeout(h.timer);
    return h;
  };
  return {
    hold(key: string, value: T): void {
      const before = takeHeld();
      if (before) release(before.value);
      // Cleared whenever it is taken or replaced: if it fires, this is still what is held.
      const timer = setTimeout(() => {
        held = null;
        release(value);
      }, ms);
      held = { key, value, timer };
    },
    /** The value held for `key`, once; null when there is none (anything else held is let go). */
    take(key: string): T | null {
      const h = takeHeld();
      if (h?.key === key) return h.value;
      if (h) release(h.value);
      return null;
    },
  };
}

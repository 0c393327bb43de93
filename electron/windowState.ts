import { WindowStateSchema } from '@shared/ipc/contract';
import type { WindowState } from './settings';

export type Rect = { x: number; y: number; width: number; height: number };
export type RestoredBounds = { x?: number; y?: number; width: number; height: number };

/** This much of a restored window must be on a screen, so its title bar can be grabbed. */
const MIN_VISIBLE = { width: 120, height: 60 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Where the window opens: where it was last time, as long as that is still on one of the
 * screens (a laptop undocked from its monitor must not open the app off-screen). Without a
 * usable position the window keeps its saved size and the OS centres it.
 */
export function restoredBounds(saved: WindowState | null, workAreas: readonly Rect[], fallback: { width: number; height: number }): RestoredBounds {
  if (!saved) return { ...fallback };
  const largest = workAreas.reduce<Rect | null>((big, a) => (!big || a.width * a.height > big.width * big.height ? a : big), null);
  // Never larger than the largest screen there is now.
  const width = largest ? Math.min(saved.width, largest.width) : saved.width;
  const height = largest ? Math.min(saved.height, largest.height) : saved.height;
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  const rect = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((area) => {
    const o = overlap(rect, area);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  return visible ? rect : { width, height };
}

/** What is saved: the normal (unmaximized) bounds, so un-maximizing later goes back there. */
export function capturedState(normalBounds: Rect, maximized: boolean): WindowState | null {
  const parsed = WindowStateSchema.safeParse({
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized,
  });
  // A minimized window on some platforms reports a zero size: not worth keeping.
  return parsed.success ? parsed.data : null;
}

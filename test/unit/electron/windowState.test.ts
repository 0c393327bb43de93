import { describe, expect, it } from 'vitest';
import { capturedState, restoredBounds } from '../../../electron/windowState';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1415 };
const fallback = { width: 1280, height: 820 };

describe('restoring the window', () => {
  it('opens at the default size the first time, centred by the OS', () => {
    expect(restoredBounds(null, [laptop], fallback)).toEqual(fallback);
  });

  it('opens where it was, when that is still on a screen', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: false };
    expect(restoredBounds(saved, [laptop, monitor], fallback)).toEqual({ x: 1600, y: 100, width: 1800, height: 1000 });
  });

  it('keeps the size but not the place when that screen is gone (a laptop undocked)', () => {
    const saved = { x: 1600, y: 100, width: 1800, height: 1000, maximized: false };
    expect(restoredBounds(saved, [laptop], fallback)).toEqual({ width: 1440, height: 875 });
  });

  it('does not restore a window with only a sliver left on screen', () => {
    const saved = { x: 1400, y: 100, width: 1000, height: 700, maximized: false };
    expect(restoredBounds(saved, [laptop], fallback)).toEqual({ width: 1000, height: 700 });
  });
});

describe('saving the window', () => {
  it('keeps the normal bounds, rounded, and whether it was maximized', () => {
    expect(capturedState({ x: 10.4, y: 20.6, width: 1200, height: 800 }, true)).toEqual({ x: 10, y: 21, width: 1200, height: 800, maximized: true });
  });

  it('skips a size no window should reopen at (a minimized window on some systems)', () => {
    expect(capturedState({ x: 0, y: 0, width: 0, height: 0 }, false)).toBeNull();
  });
});

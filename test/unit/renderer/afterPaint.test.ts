import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint } from '../../../renderer/lib/afterPaint';

/*
 * What the header, banners, timeline and notifications wait for (connection/cutoverLater.ts):
 * the task after the next frame, or a timer when no frame comes (a hidden window).
 */
describe('after the next paint', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('runs once, in a task after the frame’s callback, and not again when the timer comes', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    const ran: string[] = [];
    afterNextPaint(() => ran.push('work'));
    expect(ran).toEqual([]);
    frames.shift()!();
    ran.push('frame drawn'); // style, layout and paint come after the callback, in its task
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(['frame drawn', 'work']);
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toEqual(['frame drawn', 'work']);
  });

  it('runs within 100 ms when no frame is drawn, once even if one comes later', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    let runs = 0;
    afterNextPaint(() => runs++);
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(1);
    frames.shift()!(); // the window is shown again
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
  });
});

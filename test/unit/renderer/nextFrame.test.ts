import { afterEach, describe, expect, it, vi } from 'vitest';
import { inNextFrame } from '../../../renderer/lib/nextFrame';

/*
 * What the header, banners, timeline and notifications wait for (connection/cutoverLater.ts):
 * the next frame's animation callback, before it is drawn, or a timer when no frame comes (a
 * hidden window).
 */
describe('in the next frame', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("runs once, in the frame's callback, and not again when the timer comes", async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    const ran: string[] = [];
    inNextFrame(() => ran.push('work'));
    expect(ran).toEqual([]);
    frames.shift()!();
    ran.push('frame drawn'); // style, layout and paint come after the callback, in its task
    expect(ran).toEqual(['work', 'frame drawn']);
    await new Promise((r) => setTimeout(r, 150));
    expect(ran).toEqual(['work', 'frame drawn']);
  });

  it('runs within 100 ms when no frame is drawn, once even if one comes later', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    let runs = 0;
    inNextFrame(() => runs++);
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(1);
    frames.shift()!(); // the window is shown again
    expect(runs).toBe(1);
  });
});

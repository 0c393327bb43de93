import { create } from 'zustand';
import { afterNextPaint } from '../lib/afterPaint';
import { useCutover, type CutoverStore } from './cutoverStore';

/*
 * The cutover store as it stood when the last frame was drawn, for the parts of the screen
 * that may show an event one frame after the runbook does: the header, the banners, the
 * timeline, the notifications. Every event used to redraw all of them in the same task as the
 * step's row, so the row (what the crew is watching for) waited on a timeline of 200 lines,
 * two schedule projections and the header's sentences. Now the row is drawn first and the
 * rest in the task after that frame; a hidden tab still gets it within 100 ms (afterNextPaint).
 *
 * It holds the very object useCutover holds (never a copy), so a selection made from both
 * agrees as soon as this one has caught up, and its functions (send, request) are the same.
 * Read it as `useCutoverLater(s => …)`; a component reads one store or the other, never
 * both for the same thing, so what it shows is one moment of the night.
 */
export const useCutoverLater = create<CutoverStore>(() => useCutover.getState());

let scheduled = false;
useCutover.subscribe(() => {
  if (scheduled) return;
  scheduled = true;
  // However many events arrived before the frame, one catch-up after it.
  afterNextPaint(() => {
    scheduled = false;
    useCutoverLater.setState(useCutover.getState(), true);
  });
});

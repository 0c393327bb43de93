import { create } from 'zustand';
import { inNextFrame } from '../lib/nextFrame';
import { useCutover, type CutoverStore } from './cutoverStore';

/*
 * The cutover store as of the next frame, for the parts of the screen that are not the
 * runbook's rows: the header, the banners, the timeline, the notifications. Every event used
 * to redraw all of them in the same task as the step's row, so the row (what the crew is
 * watching for) waited on a timeline of 200 lines, two schedule projections and the header's
 * sentences. Now the event's task draws the row alone, and the rest catches up in the next
 * frame's animation callback, before that frame is laid out and painted: the frame that shows
 * the row shows the rest with it, and never a step done beside a header or a now line that
 * still has it running. (Caught up in the task after that frame, as it was, the rest cost a
 * second frame per event, and Chromium keeps its frame clock running for some 50 ms after a
 * frame: the next event then waited for the clock's next tick, up to a whole frame, where an
 * idle page is drawn within a millisecond. bench:ui's toggle p95 went from 18 to 21 ms down to
 * 12 to 16.) A hidden tab still gets it within 100 ms (inNextFrame).
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
  // However many events arrived before the frame, one catch-up in it.
  inNextFrame(() => {
    scheduled = false;
    useCutoverLater.setState(useCutover.getState(), true);
  });
});

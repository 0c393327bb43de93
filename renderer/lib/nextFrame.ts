/*
 * Runs work at the start of the next frame: a requestAnimationFrame callback runs before that
 * frame's style, layout and paint, so what the work changes on the page is drawn in that very
 * frame. A hidden tab draws no frames (requestAnimationFrame waits until it is shown again),
 * so a timer runs the work anyway soon after: what waits for a frame still happens (a
 * notification, above all) in a window nobody is looking at.
 */
const FALLBACK_MS = 100;

/** Calls `fn` once, in the next frame's animation callback (or after 100 ms without one). */
export function inNextFrame(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(run, FALLBACK_MS);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
}

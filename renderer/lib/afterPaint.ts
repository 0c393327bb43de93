/*
 * Runs work once the browser has drawn the next frame: a requestAnimationFrame callback runs
 * before that frame's style, layout and paint, and a message posted from it is delivered in a
 * task after them. A hidden tab draws no frames (requestAnimationFrame waits until it is shown
 * again), so a timer runs the work anyway soon after: what waits for a paint still happens
 * (a notification, above all) in a window nobody is looking at.
 */
const FALLBACK_MS = 100;

const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
const queued: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => queued.shift()?.();

/** Calls `fn` once, in a task after the next frame is drawn (or after 100 ms without one). */
export function afterNextPaint(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(run, FALLBACK_MS);
  if (typeof requestAnimationFrame !== 'function' || !channel) return;
  requestAnimationFrame(() => {
    queued.push(run);
    channel.port2.postMessage(null);
  });
}

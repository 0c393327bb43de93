import { whenIdle } from './localNight';

/**
 * Keeps the page and every part it loads later (sw.js) for when no hub answers, once the page
 * is idle (installing it fetches them all again). Only where a hub served the page: the
 * desktop loads its own files. A live night keeps it so that a reload still opens; a recorded
 * night, so that its lag charts and other parts still open once the network is gone.
 */
export function keepShellForOffline(): void {
  if (!/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) return;
  whenIdle(() => void navigator.serviceWorker.register('./sw.js').catch(() => undefined));
}

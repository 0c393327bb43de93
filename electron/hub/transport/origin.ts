/**
 * Which browser origins may open a socket. A browser always sends Origin; a page on some
 * other site must not be able to drive a crew member's session (cross-site WebSocket
 * hijacking). Node clients send none and authenticate by token alone.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  if (origin === 'file://') return true; // the desktop app's own renderer
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // The web client served by this very hub.
  return (url.protocol === 'http:' || url.protocol === 'https:') && host !== undefined && url.host === host;
}

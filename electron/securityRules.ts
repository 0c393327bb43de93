/**
 * Pure decisions behind the app-wide security guards (see security.ts).
 * No Electron imports here, so Node tests can check every rule directly.
 * URLs are always parsed with `new URL`, never matched as strings: a check such as
 * `url.includes(appUrl)` lets `https://evil.example/?q=file:///…/index.html` through.
 */

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is our own renderer page (the file URL of dist/renderer/index.html). */
export function isAppUrl(url: string | undefined | null, appUrl: string): boolean {
  const target = parse(url);
  const own = parse(appUrl);
  if (!target || !own || own.protocol !== 'file:') return false;
  return target.protocol === 'file:' && target.host === own.host && target.pathname === own.pathname;
}

/** A window may only navigate to our own page; everything else is denied. */
export function isAllowedNavigation(url: string, appUrl: string): boolean {
  return isAppUrl(url, appUrl);
}

/** IPC is answered only for frames showing our own page. */
export function isTrustedSender(senderFrameUrl: string | undefined | null, appUrl: string): boolean {
  return isAppUrl(senderFrameUrl, appUrl);
}

/**
 * The address to hand to the system browser for a link the renderer tried to open,
 * or null when it must not leave the app at all (only http and https are handed over).
 */
export function externalLinkTarget(url: string): string | null {
  const target = parse(url);
  if (!target) return null;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
  return target.href;
}

/** Every permission (camera, notifications, geolocation, …) is denied. */
export function isPermissionGranted(_permission: string): boolean {
  return false;
}

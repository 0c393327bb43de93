/**
 * Join links. The token travels in the fragment of a web link, which browsers never send
 * to a server, so it stays out of access logs; the desktop link uses the warroom:// scheme.
 */
export type JoinTarget = { hub: string; cutoverId: string; token: string };

export function webJoinLink(t: JoinTarget): string {
  return `${t.hub.replace(/\/$/, '')}/#/join?c=${encodeURIComponent(t.cutoverId)}&t=${encodeURIComponent(t.token)}`;
}

export function desktopJoinLink(t: JoinTarget): string {
  return `warroom://join?hub=${encodeURIComponent(t.hub)}&c=${encodeURIComponent(t.cutoverId)}&t=${encodeURIComponent(t.token)}`;
}

/** Reads either kind of link; null when it is not a well-formed Warroom join link. */
export function parseJoinLink(link: string): JoinTarget | null {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  let params: URLSearchParams;
  let hub: string | null;
  if (url.protocol === 'warroom:') {
    params = url.searchParams;
    hub = params.get('hub');
  } else if (url.protocol === 'http:' || url.protocol === 'https:') {
    const q = url.hash.indexOf('?');
    if (!url.hash.startsWith('#/join') || q < 0) return null;
    params = new URLSearchParams(url.hash.slice(q + 1));
    hub = url.origin;
  } else return null;
  const cutoverId = params.get('c');
  const token = params.get('t');
  if (!hub || !cutoverId || !token || !/^https?:\/\//.test(hub)) return null;
  return { hub, cutoverId, token };
}

/** The socket URL for a cutover on a hub given by its http(s) base URL. */
export function socketUrl(hub: string, cutoverId: string): string {
  return `${hub.replace(/^http/, 'ws').replace(/\/$/, '')}/ws/${encodeURIComponent(cutoverId)}`;
}

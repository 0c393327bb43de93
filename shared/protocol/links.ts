/**
 * Join links. The token travels in the fragment of a web link, which browsers never send
 * to a server, so it stays out of access logs; the desktop link uses the warroom:// scheme.
 * A night served by several hubs names them all (`&h=hub-a:7410,hub-b:7410`): a client that
 * loses one moves to the next.
 */
export type JoinTarget = {
  hub: string;
  cutoverId: string;
  token: string;
  /** Every hub that serves the night, as http(s) base URLs, `hub` first; absent or one: a single hub. */
  hubs?: string[];
};

/** host, host:port or [v6]:port: what an `h=` entry may be. */
const HUB_ADDRESS = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** The `&h=` part naming every hub, or nothing for a single hub. */
function hubsParam(t: JoinTarget): string {
  const all = hubsOf(t);
  return all.length > 1 ? `&h=${all.map((h) => new URL(h).host).join(',')}` : '';
}

export function webJoinLink(t: JoinTarget): string {
  return `${t.hub.replace(/\/$/, '')}/#/join?c=${encodeURIComponent(t.cutoverId)}&t=${encodeURIComponent(t.token)}${hubsParam(t)}`;
}

export function desktopJoinLink(t: JoinTarget): string {
  return `warroom://join?hub=${encodeURIComponent(t.hub)}&c=${encodeURIComponent(t.cutoverId)}&t=${encodeURIComponent(t.token)}${hubsParam(t)}`;
}

/** Every hub of a target, `hub` first, each once. */
export function hubsOf(t: Pick<JoinTarget, 'hub' | 'hubs'>): string[] {
  const base = (h: string) => h.replace(/\/$/, '');
  return [...new Set([base(t.hub), ...(t.hubs ?? []).map(base)])];
}

/** What is wrong with a text read as a join link, for the screen to say in words. */
export type JoinLinkProblem = 'not-a-link' | 'not-warroom' | 'not-a-join' | 'no-cutover' | 'no-token' | 'malformed';

/** Reads either kind of link, or says what keeps it from being a well-formed Warroom join link. */
export function readJoinTarget(link: string): { ok: true; target: JoinTarget } | { ok: false; problem: JoinLinkProblem } {
  const no = (problem: JoinLinkProblem) => ({ ok: false as const, problem });
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return no('not-a-link');
  }
  let params: URLSearchParams;
  let hub: string | null;
  if (url.protocol === 'warroom:') {
    params = url.searchParams;
    hub = params.get('hub');
  } else if (url.protocol === 'http:' || url.protocol === 'https:') {
    const q = url.hash.indexOf('?');
    if (!url.hash.startsWith('#/join') || q < 0) return no('not-a-join');
    params = new URLSearchParams(url.hash.slice(q + 1));
    hub = url.origin;
  } else return no('not-warroom');
  const cutoverId = params.get('c');
  const token = params.get('t');
  if (!cutoverId) return no('no-cutover');
  if (!token) return no('no-token');
  if (!hub || !/^https?:\/\//.test(hub)) return no('malformed');
  const h = params.get('h');
  if (h === null) return { ok: true, target: { hub, cutoverId, token } };
  // The other hubs are reached the way the first one is (http or https).
  const scheme = hub.startsWith('https:') ? 'https://' : 'http://';
  const entries = h.split(',').map((e) => e.trim());
  if (entries.some((e) => !HUB_ADDRESS.test(e))) return no('malformed');
  const hubs = hubsOf({ hub, hubs: entries.map((e) => `${scheme}${e}`) });
  return { ok: true, target: hubs.length > 1 ? { hub, cutoverId, token, hubs } : { hub, cutoverId, token } };
}

/** Reads either kind of link; null when it is not a well-formed Warroom join link. */
export function parseJoinLink(link: string): JoinTarget | null {
  const read = readJoinTarget(link);
  return read.ok ? read.target : null;
}

/** The socket URL for a cutover on a hub given by its http(s) base URL. */
export function socketUrl(hub: string, cutoverId: string): string {
  return `${hub.replace(/^http/, 'ws').replace(/\/$/, '')}/ws/${encodeURIComponent(cutoverId)}`;
}

import { AuthRefused, HubClient, type WebSocketLike } from '@shared/client';
import { parseJoinLink, socketUrl } from '@shared/protocol';
import { keepQueue, moveKept } from './keptQueue';
import { keepNight, nightKey, readNight } from './localNight';
import { keepShellForOffline } from './offlineShell';

export type Target = { mode: 'web'; hub: string; cutoverId: string; token: string } | { mode: 'desktop'; hub: string; cutoverId: string };

/** Where the queue was kept before each link had its own, by hub and cutover only (the desktop's still is). */
const sharedPendingKey = (t: Target) => `warroom.pending.${t.hub}|${t.cutoverId}`;

/**
 * Where this window's unacknowledged commands are kept: per hub, cutover and link. A tab on
 * another link is another member, and must not send this one's commands as theirs (the hub
 * applies a command once per member: it would be applied again, and credited to them). The
 * invite token is not written there: a digest of it tells links apart. The desktop holds one
 * membership per hub and cutover (its main process keeps the token).
 */
export const pendingKey = (t: Target): string => (t.mode === 'web' ? `${sharedPendingKey(t)}|${linkDigest(t.token)}` : sharedPendingKey(t));

/** A digest of an invite token (64 bits, cyrb53's mixing on two lanes): not the token, and different for another link. */
export function linkDigest(token: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < token.length; i++) {
    const ch = token.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * Builds the hub connection for this window. In web mode the invite token comes from the
 * link; in the desktop app the main process keeps it and hands out one-time tickets.
 * Commands not yet acknowledged are kept in localStorage, so a reload loses nothing; tabs of
 * the same link share that list (keptQueue.ts).
 */
export function openConnection(target: Target, name: string): HubClient {
  const client = new HubClient({
    url: socketUrl(target.hub, target.cutoverId),
    // A link naming several hubs (&h=…): the window moves to the next when one stops answering.
    urls: (target.mode === 'web' ? (parseJoinLink(window.location.href)?.hubs ?? []) : []).map((h) => socketUrl(h, target.cutoverId)),
    auth: target.mode === 'web' ? { token: target.token } : { ticket: () => desktopTicket(target) },
    name,
    createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike,
    newId: () => crypto.randomUUID(),
    now: () => Date.now(),
  });
  // Commands an earlier version of the page kept for the hub and cutover are this link's now.
  if (target.mode === 'web') moveKept(sharedPendingKey(target), pendingKey(target));
  keepQueue(pendingKey(target), client);
  keepOnThisDevice(target, client);
  return client;
}

/**
 * The night stays on this device (IndexedDB; the desktop's lives in its data folder), so a
 * reload with every hub gone still shows it, read-only, "as of" the last time a hub was heard.
 * In a browser, the page itself comes from the offline shell (public/sw.js) then.
 */
function keepOnThisDevice(target: Target, client: HubClient): void {
  const night = nightKey(target.hub, target.cutoverId);
  let stopKeeping: (() => void) | null = null;
  let stopped = false;
  void readNight(night)
    .then((kept) => client.restoreEvents(kept.events, kept.heardAt, kept.member, kept.clock))
    .catch(() => undefined)
    .finally(() => {
      if (!stopped) stopKeeping = keepNight(night, client);
    });
  // The copy is kept for as long as the connection lives.
  const stop = client.stop.bind(client);
  client.stop = () => {
    stopped = true;
    stopKeeping?.();
    stop();
  };
  if (target.mode !== 'web') return;
  // Installing the shell fetches the whole page again, from the hub that is sending the night:
  // not before the night is here.
  const off = client.subscribe(() => {
    if (client.status !== 'live') return;
    off();
    keepShellForOffline();
  });
}

async function desktopTicket(target: Target): Promise<string> {
  const bridge = window.warroom;
  if (!bridge) throw new AuthRefused('The desktop bridge is missing');
  const r = await bridge.membership.ticket({ cutoverId: target.cutoverId, hub: target.hub });
  if (r.ok) return r.ticket;
  if (r.refused) throw new AuthRefused(r.reason);
  throw new Error(r.reason); // the hub is unreachable: try again later
}

import { AuthRefused, HubClient, type PendingCommand, type WebSocketLike } from '@shared/client';
import { SECRET_COMMANDS } from '@shared/cutover';
import { parseJoinLink, socketUrl } from '@shared/protocol';
import { keepNight, nightKey, readNight } from './localNight';
import { keepShellForOffline } from './offlineShell';

export type Target = { mode: 'web'; hub: string; cutoverId: string; token: string } | { mode: 'desktop'; hub: string; cutoverId: string };

const pendingKey = (t: Target) => `warroom.pending.${t.hub}|${t.cutoverId}`;

/**
 * Builds the hub connection for this window. In web mode the invite token comes from the
 * link; in the desktop app the main process keeps it and hands out one-time tickets.
 * Commands not yet acknowledged are kept in localStorage, so a reload loses nothing.
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
  client.restorePending(readPending(target));
  keepOnThisDevice(target, client);
  let last = '';
  client.subscribe(() => {
    // A command carrying a secret is never written where the page's storage could be read back.
    const json = JSON.stringify(client.pending.filter((c) => !SECRET_COMMANDS.has(c.type)));
    if (json === last) return;
    last = json;
    if (json === '[]') localStorage.removeItem(pendingKey(target));
    else localStorage.setItem(pendingKey(target), json);
  });
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
    .then((kept) => client.restoreEvents(kept.events, kept.heardAt, kept.member))
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

function readPending(target: Target): PendingCommand[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(pendingKey(target)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as PendingCommand[]) : [];
  } catch {
    return [];
  }
}

async function desktopTicket(target: Target): Promise<string> {
  const bridge = window.warroom;
  if (!bridge) throw new AuthRefused('The desktop bridge is missing');
  const r = await bridge.membership.ticket({ cutoverId: target.cutoverId, hub: target.hub });
  if (r.ok) return r.ticket;
  if (r.refused) throw new AuthRefused(r.reason);
  throw new Error(r.reason); // the hub is unreachable: try again later
}

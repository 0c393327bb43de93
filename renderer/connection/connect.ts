import { parseRoute, type Route } from '../lib/route';
import { useCutover } from './cutoverStore';
import { readName } from './displayName';
import { openConnection, type Target } from './openConnection';

/** Which hub and cutover a route opens, or null for the screens that open none. */
export function targetOf(route: Route, desktop: boolean): Target | null {
  if (route.name === 'join') return { mode: 'web', hub: window.location.origin, cutoverId: route.cutoverId, token: route.token };
  if (route.name === 'cutover' && desktop) return { mode: 'desktop', hub: route.hub, cutoverId: route.cutoverId };
  return null;
}

/** One string per hub, cutover and link: a screen connects again when it changes. */
export const targetKey = (target: Target): string => `${target.hub}|${target.cutoverId}|${target.mode === 'web' ? target.token : ''}`;

const keyOf = (target: Target, name: string) => `${targetKey(target)}|${name}`;

/** Opens the connection, feeds the cutover store from it, and returns what closes both. */
function connect(target: Target, name: string): () => void {
  const client = openConnection(target, name);
  const detach = useCutover.getState().attach(client);
  client.start();
  return () => {
    client.stop();
    detach();
  };
}

let early: { key: string; close: () => void; unclaimed: ReturnType<typeof setTimeout> } | null = null;

/**
 * Opens the night's connection from the page's first script, before the screens' code is
 * evaluated: the socket's handshake, the hello and the catch-up are on the wire while the
 * rest of the page's code is read, instead of starting only once the first screen is drawn.
 * Only when the name is known already (someone new is asked for it first).
 */
export function connectEarly(): void {
  const target = targetOf(parseRoute(window.location.hash), window.warroom !== undefined);
  const name = readName();
  if (!target || !name) return;
  const close = connect(target, name);
  // A screen that never asks for it (it went elsewhere first) does not leave it open.
  early = { key: keyOf(target, name), close, unclaimed: setTimeout(() => takeEarly()?.close(), 30_000) };
}

function takeEarly(): { key: string; close: () => void } | null {
  const taken = early;
  early = null;
  if (taken) clearTimeout(taken.unclaimed);
  return taken;
}

/**
 * The connection for this target and name: the one opened early if it is for them (it is
 * taken once), a new one otherwise. Returns what closes it.
 */
export function takeConnection(target: Target, name: string): () => void {
  const opened = takeEarly();
  if (opened?.key === keyOf(target, name)) return opened.close;
  opened?.close();
  return connect(target, name);
}

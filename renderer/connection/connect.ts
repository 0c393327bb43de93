import { parseRoute, type Route } from '../lib/route';
import { startedEarly } from '../lib/startedEarly';
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

/** The connection the first script opened, until a screen takes it (closed after 30 s unclaimed). */
const early = startedEarly<() => void>(30_000, (close) => close());

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
  early.hold(keyOf(target, name), connect(target, name));
}

/**
 * The connection for this target and name: the one opened early if it is for them (it is
 * taken once; another is closed), a new one otherwise. Returns what closes it.
 */
export function takeConnection(target: Target, name: string): () => void {
  return early.take(keyOf(target, name)) ?? connect(target, name);
}

import { useSyncExternalStore } from 'react';

/** Routes live in the hash: the page works from file:// (desktop) and from the hub (web). */
export type Route =
  { name: 'start' } | { name: 'review' } | { name: 'join'; cutoverId: string; token: string } | { name: 'cutover'; hub: string; cutoverId: string };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const q = new URLSearchParams(query);
  if (path === '/review') return { name: 'review' };
  if (path === '/join' && q.get('c') && q.get('t')) return { name: 'join', cutoverId: q.get('c')!, token: q.get('t')! };
  if (path === '/cutover' && q.get('c') && q.get('hub')) return { name: 'cutover', hub: q.get('hub')!, cutoverId: q.get('c')! };
  return { name: 'start' };
}

export const cutoverHash = (hub: string, cutoverId: string) => `#/cutover?hub=${encodeURIComponent(hub)}&c=${encodeURIComponent(cutoverId)}`;

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export const navigate = (hash: string) => {
  window.location.hash = hash;
};

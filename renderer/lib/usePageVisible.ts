import { useSyncExternalStore } from 'react';

/*
 * Whether this page is on screen (its tab shown, its window not minimised). Something meant to
 * be read, then to go by itself, waits while nobody can see it.
 */

const subscribe = (changed: () => void) => {
  document.addEventListener('visibilitychange', changed);
  return () => document.removeEventListener('visibilitychange', changed);
};

export const usePageVisible = (): boolean => useSyncExternalStore(subscribe, () => document.visibilityState !== 'hidden');

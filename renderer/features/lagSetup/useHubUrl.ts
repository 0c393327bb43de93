import { useRoute } from '../../lib/route';

/**
 * The hub this window talks to, as a script elsewhere would reach it: the desktop app keeps
 * it in the route; a browser was served by the hub itself.
 */
export function useHubUrl(): string {
  const route = useRoute();
  return route.name === 'cutover' ? route.hub : window.location.origin;
}

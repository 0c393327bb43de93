/*
 * The offline shell of the web client: the page and its assets, kept from the last time a hub
 * served them, so a reload with every hub gone still opens the night this browser kept
 * (renderer/connection/localNight.ts). Network first: a hub that answers always serves the
 * current build. Nothing from /api/, /ws/ or /healthz is kept.
 */
const CACHE = 'warroom-shell-v1';

// The page and what it loads are kept at once: they were fetched before this worker existed.
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch('./', { cache: 'no-store' });
      if (!page.ok) return;
      const html = await page.clone().text();
      await cache.put(new Request('./'), page);
      const assets = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await Promise.all(assets.map((a) => cache.add(a).catch(() => undefined)));
    })()
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || /^\/(api|ws|healthz)\b/.test(url.pathname)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          // The page is kept under "/" whatever its fragment: every join opens the same file.
          void caches.open(CACHE).then((cache) => cache.put(request.mode === 'navigate' ? new Request('./') : request, copy));
        }
        return response;
      })
      .catch(async () => (await caches.match(request.mode === 'navigate' ? new Request('./') : request)) ?? Response.error()),
  );
});

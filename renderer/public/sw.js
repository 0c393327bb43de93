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
      // The parts of the page loaded only when shown (a tab, a dialog, the charts) are named in
      // the scripts, not the page ("./CommsPanel-1a2b3c.js"): they are kept too, so that with
      // no hub they still open. Followed from script to script until none is new.
      const seen = new Set(assets);
      const scripts = assets.filter((a) => a.endsWith('.js'));
      while (scripts.length > 0) {
        const script = scripts.pop();
        const response = await cache.match(script);
        if (!response) continue;
        for (const [, name] of (await response.text()).matchAll(/["']\.\/([\w.-]+\.js)["']/g)) {
          const chunk = `./assets/${name}`;
          if (seen.has(chunk)) continue;
          seen.add(chunk);
          const kept = await cache.add(chunk).then(
            () => true,
            () => false,
          );
          if (kept) scripts.push(chunk);
        }
      }
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

/*
 * `/banner.js`: what a customer's site embeds to show the cutover's banner.
 *
 *   <script src="https://hub.example.com/banner.js" data-cutover="c-…" async></script>
 *
 * It polls `/banner/<cutover>.json` politely (every 30 s by default, `data-interval` in
 * seconds, never below 1; ETag, so an unchanged banner costs a 304), draws one bar at the
 * top of the page with text set as text (never HTML), and removes it when the cutover is
 * over. Plain ES5-style code with no dependencies: it runs on pages we know nothing about.
 */
export const BANNER_SCRIPT = `(function () {
  var me = document.currentScript;
  if (!me) return;
  var cutover = me.getAttribute('data-cutover');
  if (!cutover || !/^[a-z0-9-]{1,64}$/.test(cutover)) return;
  var base = new URL(me.src, location.href);
  var url = new URL('/banner/' + cutover + '.json', base).href;
  var every = Math.max(1, Number(me.getAttribute('data-interval')) || 30) * 1000;
  var etag = null;
  var bar = null;
  var COLORS = { scheduled: '#1f4e79', in_progress: '#7a4b00', verifying: '#1f5f4a', completed: '#1f5f4a', rolled_back: '#7a2020' };
  function render(b) {
    if (!b.active) {
      if (bar) { bar.remove(); bar = null; }
      return;
    }
    if (!bar) {
      bar = document.createElement('div');
      bar.setAttribute('role', 'status');
      bar.setAttribute('data-warroom-banner', '');
      bar.style.cssText = 'position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:10px 16px;font:14px/1.4 system-ui,sans-serif;color:#fff;text-align:center';
      document.body.appendChild(bar);
    }
    bar.style.background = COLORS[b.state] || '#333';
    var eta = b.eta ? ' (expected to finish around ' + new Date(b.eta).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + ')' : '';
    bar.textContent = b.text + eta;
  }
  function poll() {
    var headers = etag ? { 'If-None-Match': etag } : {};
    fetch(url, { headers: headers, credentials: 'omit', cache: 'no-cache' })
      .then(function (r) {
        if (r.status === 304) return null;
        if (!r.ok) throw new Error('banner ' + r.status);
        etag = r.headers.get('ETag');
        return r.json();
      })
      .then(function (b) { if (b) render(b); })
      .catch(function () { /* the hub is away: keep what is shown, try again later */ })
      .then(function () { setTimeout(poll, every); });
  }
  poll();
})();
`;

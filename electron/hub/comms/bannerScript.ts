/*
 * `/banner.js`: what a customer's site embeds to show the cutover's banner.
 *
 *   <script src="https://hub.example.com/banner.js" data-cutover="c-…" async></script>
 *
 * It polls `/banner/<cutover>.json` politely (every 30 s by default, `data-interval` in
 * seconds, never below 1; ETag, so an unchanged banner costs a 304) and draws one bar with
 * text set as text (never HTML), removed once the hub says the banner is down.
 *
 * Where the bar goes: into the element `data-target` names (a CSS selector: the site chooses
 * its slot), else as the first thing in the page, in the flow, so it pushes the page down
 * rather than covering the site's own header (a fixed bar on top hid logins and menus).
 *
 * Times come from the hub already written in the zone the lead set for customers and named
 * (`etaText`): the browser's own zone would put a second clock beside the text's.
 * Plain ES5-style code with no dependencies: it runs on pages we know nothing about.
 */
export const BANNER_SCRIPT = `(function () {
  var me = document.currentScript;
  if (!me) return;
  var cutover = me.getAttribute('data-cutover');
  if (!cutover || !/^[a-z0-9-]{1,64}$/.test(cutover)) return;
  var base = new URL(me.src, location.href);
  var url = new URL('/banner/' + cutover + '.json', base).href;
  var every = Math.max(1, Number(me.getAttribute('data-interval')) || 30) * 1000;
  var target = me.getAttribute('data-target');
  var etag = null;
  var bar = null;
  var COLORS = { scheduled: '#1f4e79', in_progress: '#7a4b00', verifying: '#1f5f4a', completed: '#1f5f4a', rolled_back: '#7a2020' };
  function slot() {
    if (target) {
      try {
        var el = document.querySelector(target);
        if (el) return el;
      } catch (e) { /* not a selector: fall back to the top of the page */ }
    }
    return null;
  }
  function place() {
    var into = slot();
    if (into) into.appendChild(bar);
    else {
      var page = document.body || document.documentElement;
      page.insertBefore(bar, page.firstChild);
    }
  }
  function render(b) {
    if (!b.active) {
      if (bar) { bar.remove(); bar = null; }
      return;
    }
    if (!bar) {
      bar = document.createElement('div');
      bar.setAttribute('role', 'status');
      bar.setAttribute('data-warroom-banner', '');
      bar.style.cssText = 'position:static;box-sizing:border-box;width:100%;margin:0;padding:10px 16px;font:14px/1.4 system-ui,sans-serif;color:#fff;text-align:center';
      place();
    }
    bar.style.background = COLORS[b.state] || '#333';
    var eta = b.etaText ? ' (expected to finish around ' + b.etaText + ')' : '';
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

/*
 * Chart benchmark: how fast the lag charts draw a whole night and keep up with live points.
 * Prints figures; asserts nothing.
 *
 * Setup: a bench page (bench/charts/: index.html with the renderer's CSP, main.tsx) is built
 * with Vite's JS API (production mode, the same React plugin, into a temp dir) and served by
 * a tiny node:http server on 127.0.0.1. Debian's Chromium (playwright-core, the tests'
 * launchBrowser and CHROMIUM_ARGS) loads it at 1440 × 900, dark theme. The page renders the
 * real components: <LagPanel defaultRange="night"> (each of the --series (10) charts shows
 * the whole night) and the header's <WorstLagSparkline>, in a 1000 px column (the cutover
 * screen's main column at that width: two charts a row, ~470 px each). The night is generated
 * in the page (bench/charts/scenario.ts, seeded): --points (28,800: 8 h at 1 Hz) per series,
 * backlogs that build while processing is stopped, plateau while producers pause, and drain
 * after the restart, with noise and the odd spike; the cutover's events (runbook steps, a GO,
 * notes) are folded by the real reducer and become the charts' annotations. "Now" is the
 * last reading (the cutover store's replayNow, as in a replay), moved with every update.
 *
 * (1) first_ms: from root.render() to a task posted after the first animation frame in which
 *     every chart's line is in the DOM, i.e. after that frame's style, layout and paint.
 * (2) update_p95_ms, downsampled (LTTB, ~1 point per 2 px), as the app runs: --updates (60)
 *     updates after 5 not counted, 100 ms apart. Each appends one reading to every series in
 *     one ingest (as the hub's 1 Hz batch does). Timed within a frame: the ingest runs at the
 *     start of a frame (a requestAnimationFrame callback); React renders and commits in that
 *     callback's microtasks (zustand's updates render synchronously, and recharts' own store
 *     updates cascade in the same microtasks); the figure ends in a task posted from the
 *     callback, which runs after that frame's style, layout and paint. It is what drawing the
 *     update costs, to hold against a 16.7 ms frame. "Script only" ends in a microtask queued
 *     after the ingest instead (before style, layout and paint).
 *     The app redraws a chart when it moves by a pixel, not on every reading (drawTime in
 *     renderer/features/lag/lagView.ts: the night view's pixel is over a minute, and the
 *     charts' steps are staggered), so most updates change the header lines only; the output
 *     says how many charts each update redrew (line paths that changed in that frame).
 *     Also printed, not in the last line: the crew's live view, the last 15 minutes, where a
 *     pixel is ~2 s, so charts redraw every other reading, and each chart's time axis steps
 *     every 30 s (steadyAxis in lagView.ts), the costly redraw (recent_update_p95_ms); the
 *     same with every chart redrawn on every reading
 *     (every_reading_update_p95_ms, the worst case); main-thread CPU per update (CDP
 *     Performance.getMetrics ThreadTime, which a busy machine does not inflate the way it does
 *     wall time); and the literal "ingest → next animation frame after React committed" with
 *     the ingest in a task at a random moment (as a socket message arrives), which includes
 *     the wait for that frame (up to 16.7 ms) by construction.
 * (3) naive_update_p95_ms: the same page remounted with naive (every reading drawn, no
 *     downsampling), its first render, then the same updates under the same redraw rule;
 *     capped at 10 updates when the first three average over 250 ms (said in the output).
 *     Then 3 naive updates with every chart redrawn.
 * Then screenshots for a human to look at (bench-results/charts-*.png): the bench page, and a
 * demo of the whole cutover screen at 01:10, 4 h 10 min into the night (6 series, two in a
 * group, one source down) in both themes, and a tooltip. CSP violations and SVG attributes
 * drawn as NaN are counted.
 *
 * Flags: --series N (10) --points N (28800) --updates N (60) --no-shots
 * Second-last line: recent_update_p95_ms=… every_reading_update_p95_ms=…
 * Last line: series=10 points=28800 first_ms=… update_p95_ms=… naive_update_p95_ms=…
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import react from '@vitejs/plugin-react';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM, launchBrowser } from '../test/support/browser';
import { benchTempDir, fmt, median, percentile, positiveInt, REPO_ROOT, sleep, runBenchmark } from './lib';
import { webAliases } from '../vite.config';

const { values } = parseArgs({
  options: {
    series: { type: 'string' },
    points: { type: 'string' },
    updates: { type: 'string' },
    'no-shots': { type: 'boolean' },
  },
});
const SERIES = Math.min(10, Math.round(positiveInt(values.series, 10, 'series')));
const POINTS = Math.round(positiveInt(values.points, 28_800, 'points'));
const UPDATES = Math.round(positiveInt(values.updates, 60, 'updates'));
const SHOTS = !values['no-shots'];
const WARMUP = 5;
const LITERAL_UPDATES = 30;
const NAIVE_CAP = 10;
const NAIVE_SLOW_MS = 250;
const VIEWPORT = { width: 1440, height: 900 };
const WATCHDOG_MS = 600_000;
const GAP_MS = 100;
const NAIVE_EVERY_CAP = 3;
const RESULTS = join(REPO_ROOT, 'bench-results');

const log = (line: string) => console.log(line);

type Setup = { series: number; points: number; grouped: boolean; range: 'night' | '1h' | '15m'; demo: boolean };
type Timing = { ms: number; ingestMs: number; scriptMs: number; drawn: number };
type Mode = { naive: boolean; everyReading: boolean; range?: Setup['range'] };
type BenchApi = {
  prepare: (s: Setup) => { seriesIds: string[]; lastT: number };
  mount: (mode: Mode) => Promise<{ firstMs: number; charts: number; points: number }>;
  update: () => Promise<Timing>;
  updateToNextFrame: () => Promise<number>;
  setTheme: (t: 'dark' | 'light') => void;
  cspViolations: string[];
  nanAttributes: () => string[];
};
type WithBench = { __bench: BenchApi };

let browser: Browser | null = null;
let server: Server | null = null;
let outDir: string | null = null;
const nan: string[] = [];

async function buildPage(): Promise<string> {
  const dir = await benchTempDir('warroom-charts-');
  await build({
    configFile: false,
    root: join(REPO_ROOT, 'bench', 'charts'),
    base: './',
    mode: 'production',
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: webAliases },
    build: { outDir: dir, emptyOutDir: true, modulePreload: { polyfill: false }, assetsInlineLimit: 0, sourcemap: false, reportCompressedSize: false },
  });
  return dir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

function serve(dir: string): Promise<string> {
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    stat(file).then(
      (s) => {
        if (!s.isFile()) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        createReadStream(file).pipe(res);
      },
      () => void res.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`)));
}

async function openPage(url: string, errors: string[]): Promise<Page> {
  const page = await browser!.newPage({ viewport: VIEWPORT });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as WithBench).__bench !== undefined);
  return page;
}

const stat3 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${fmt(percentile(s, 50), 1)} · p95 ${fmt(percentile(s, 95), 1)} · max ${fmt(s[s.length - 1] ?? Number.NaN, 1)}`;
};

async function runUpdates(page: Page, cdp: CDPSession, count: number, warmup: number): Promise<{ timings: Timing[]; cpuMs: number }> {
  const timings: Timing[] = [];
  let cpu0 = 0;
  for (let i = 0; i < warmup + count; i++) {
    if (i === warmup) cpu0 = await threadMs(cdp);
    const t = await page.evaluate(() => (window as unknown as WithBench).__bench.update());
    if (i >= warmup) timings.push(t);
    await sleep(GAP_MS);
  }
  // The gaps are idle but for the clock's 1 s tick, which redraws nothing here.
  return { timings, cpuMs: count > 0 ? ((await threadMs(cdp)) - cpu0) / count : Number.NaN };
}

function describe(label: string, ts: Timing[], charts: number, cpuMs: number): void {
  log(`${label}: ${ts.length} updates, ingest→after paint (ms): ${stat3(ts.map((t) => t.ms))}`);
  log(
    `  script only (ingest→React and recharts done): ${stat3(ts.map((t) => t.scriptMs))}; the store's ingest alone: median ${fmt(median(ts.map((t) => t.ingestMs)), 2)} ms`,
  );
  const redrawn = ts.reduce((a, t) => a + t.drawn, 0);
  log(
    `  charts redrawn per update: ${fmt(redrawn / ts.length, 2)} of ${charts} (${ts.filter((t) => t.drawn > 0).length}/${ts.length} updates redrew any); main-thread CPU per update: ${fmt(cpuMs, 1)} ms`,
  );
}

/** Main-thread CPU time (CDP Performance.getMetrics ThreadTime), in ms: robust to a busy machine, unlike wall time. */
async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
}

async function screenshots(url: string, errors: string[]): Promise<string[]> {
  await mkdir(RESULTS, { recursive: true });
  const paths: string[] = [];
  const page = await openPage(url, errors);
  // 01:10, in the night's drain: 4 h 10 min of readings, and the events up to then.
  await page.evaluate(() => (window as unknown as WithBench).__bench.prepare({ series: 6, points: 4 * 3600 + 600, grouped: true, range: '1h', demo: true }));
  await page.evaluate(() => (window as unknown as WithBench).__bench.mount({ naive: false, everyReading: false }));
  await page.getByTestId('lag-range-night').click();
  await sleep(200);
  for (const theme of ['dark', 'light'] as const) {
    await page.evaluate((t) => (window as unknown as WithBench).__bench.setTheme(t), theme);
    await sleep(100);
    const path = join(RESULTS, `charts-demo-${theme}.png`);
    await page.screenshot({ path });
    paths.push(path);
  }
  await page.evaluate(() => (window as unknown as WithBench).__bench.setTheme('dark'));
  const chart = page.getByTestId('lag-chart-orders');
  const box = await chart.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.5);
    await sleep(150);
    const path = join(RESULTS, 'charts-demo-tooltip.png');
    await page.screenshot({ path, clip: { x: box.x - 10, y: box.y - 60, width: box.width + 20, height: box.height + 70 } });
    paths.push(path);
  }
  errors.push(...(await page.evaluate(() => (window as unknown as WithBench).__bench.cspViolations)).map((v) => `CSP (demo): ${v}`));
  nan.push(...(await page.evaluate(() => (window as unknown as WithBench).__bench.nanAttributes())).map((v) => `demo: ${v}`));
  await page.close();
  return paths;
}

async function main(): Promise<void> {
  const started = performance.now();
  outDir = await buildPage();
  log(`bench page built with Vite in ${fmt(performance.now() - started, 0)} ms (${outDir})`);
  const url = await serve(outDir);
  browser = await launchBrowser();
  log(`browser: Chromium ${browser.version()} (${CHROMIUM}), viewport ${VIEWPORT.width}×${VIEWPORT.height}`);

  const errors: string[] = [];
  const page = await openPage(url, errors);
  const prepStart = performance.now();
  await page.evaluate((s) => (window as unknown as WithBench).__bench.prepare(s), {
    series: SERIES,
    points: POINTS,
    grouped: false,
    range: 'night',
    demo: false,
  } satisfies Setup);
  log(`night generated and ingested in the page: ${SERIES} series × ${POINTS} points in ${fmt(performance.now() - prepStart, 0)} ms`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const mount = (mode: Mode) => page.evaluate((m) => (window as unknown as WithBench).__bench.mount(m), mode);

  // (1) + (2): downsampled, charts redrawn when they move by a pixel (the app's behaviour).
  const first = await mount({ naive: false, everyReading: false });
  log(
    `first render (downsampled): ${fmt(first.firstMs, 1)} ms to the painted frame; ${first.charts} charts, ${first.points} points drawn (${fmt(first.points / first.charts, 0)} per chart of ${POINTS})`,
  );
  const updates = await runUpdates(page, cdp, UPDATES, WARMUP);
  describe('live updates (downsampled, redrawn by the pixel)', updates.timings, first.charts, updates.cpuMs);
  const literal: number[] = [];
  for (let i = 0; i < LITERAL_UPDATES; i++) {
    literal.push(await page.evaluate(() => (window as unknown as WithBench).__bench.updateToNextFrame()));
    await sleep(50);
  }
  log(`  literal: ingest in a task at a random moment → next animation frame after the commit (ms): ${stat3(literal)}; includes the wait for that frame`);
  if (SHOTS) {
    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, 'charts-bench.png') });
  }

  // The crew's live view, the last 15 minutes: a pixel is ~2 s, so charts redraw every other
  // reading, and each chart's time axis steps every 30 s (steadyAxis), the costly redraw.
  await mount({ naive: false, everyReading: false, range: '15m' });
  const recent = await runUpdates(page, cdp, UPDATES, WARMUP);
  describe('live updates, last 15 min (downsampled, redrawn by the pixel, axes stepping)', recent.timings, first.charts, recent.cpuMs);

  // The worst case: every reading redraws every chart.
  await mount({ naive: false, everyReading: true });
  const every = await runUpdates(page, cdp, UPDATES, WARMUP);
  describe('live updates (downsampled, every chart redrawn on every reading)', every.timings, first.charts, every.cpuMs);

  // (3): naive, every reading drawn, same redraw rule as (2).
  const naiveFirst = await mount({ naive: true, everyReading: false });
  log(`first render (naive): ${fmt(naiveFirst.firstMs, 1)} ms; ${naiveFirst.points} points drawn`);
  const probe = await runUpdates(page, cdp, 3, 1);
  const slow = probe.timings.reduce((a, t) => a + t.ms, 0) / probe.timings.length > NAIVE_SLOW_MS;
  const rest = await runUpdates(page, cdp, (slow ? NAIVE_CAP : UPDATES) - probe.timings.length, 0);
  const naive = [...probe.timings, ...rest.timings];
  describe(
    `live updates (naive, redrawn by the pixel${slow ? `; capped at ${NAIVE_CAP}: the first three averaged over ${NAIVE_SLOW_MS} ms` : ''})`,
    naive,
    naiveFirst.charts,
    (probe.cpuMs * 3 + rest.cpuMs * rest.timings.length) / naive.length,
  );
  await mount({ naive: true, everyReading: true });
  const naiveEvery = await runUpdates(page, cdp, NAIVE_EVERY_CAP, 0);
  describe(`live updates (naive, every chart redrawn on every reading; ${NAIVE_EVERY_CAP} only)`, naiveEvery.timings, naiveFirst.charts, naiveEvery.cpuMs);
  errors.push(...(await page.evaluate(() => (window as unknown as WithBench).__bench.cspViolations)).map((v) => `CSP: ${v}`));
  nan.push(...(await page.evaluate(() => (window as unknown as WithBench).__bench.nanAttributes())).map((v) => `bench: ${v}`));
  await page.close();

  if (SHOTS) {
    const paths = await screenshots(url, errors);
    log(`screenshots: ${[join(RESULTS, 'charts-bench.png'), ...paths].join(', ')}`);
  }
  const csp = errors.filter((e) => e.startsWith('CSP') || /Content Security Policy/i.test(e));
  log(`CSP violations: ${csp.length}${csp.length ? ` (${csp.slice(0, 3).join('; ')})` : ''}; other page errors/warnings: ${errors.length - csp.length}`);
  for (const e of errors.filter((x) => !csp.includes(x)).slice(0, 5)) log(`  ${e}`);
  log(`SVG attributes drawn as NaN: ${nan.length}${nan.length ? `: ${nan.slice(0, 4).join('; ')}` : ''}`);

  const p95 = (ts: Timing[]) =>
    percentile(
      ts.map((t) => t.ms).sort((a, b) => a - b),
      95,
    );
  log(
    `load average while running: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cpus().length} CPUs (wall-clock figures grow with it; the CPU lines do not)`,
  );
  log(`recent_update_p95_ms=${fmt(p95(recent.timings), 1)} every_reading_update_p95_ms=${fmt(p95(every.timings), 1)}`);
  log(
    `series=${SERIES} points=${POINTS} first_ms=${fmt(first.firstMs, 1)} update_p95_ms=${fmt(p95(updates.timings), 1)} naive_update_p95_ms=${fmt(p95(naive), 1)}`,
  );
}

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => undefined);
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  if (outDir) await rm(outDir, { recursive: true, force: true }).catch(() => undefined);
}

await runBenchmark('bench/charts.ts', WATCHDOG_MS, main, cleanup);

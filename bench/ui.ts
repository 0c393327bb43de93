/*
 * UI benchmark: how fast the web client is usable on a busy night, and how fast a step
 * change in one window shows in another. Prints figures; asserts nothing.
 *
 * Setup: a real hub in its own Node process (bench/hubServer.ts, as bench:sync runs it:
 * bundled, durable file journal in a temp dir, 127.0.0.1 only), so that it does not share an
 * event loop with this process's browser driver, which handles a stream of DevTools messages
 * while a page loads; it serves the built web client (dist/renderer; `vite build` is run first only when
 * dist/renderer/index.html is missing). One cutover whose runbook has 10 phases × 20 steps,
 * each step depending on the one before it in its phase (so one step per phase is startable
 * at any time), window starting now − 5 min. Two Node HubClients (lead "Lena", operator
 * "Dan", the names the browsers use later, so the browsers add no member.joined events)
 * start the night, start and complete the first 5 steps of every phase, then add timeline
 * notes (`note.add`, batches of 250 in parallel) until the journal holds --events (5,000)
 * events. The Node clients are then stopped.
 *
 * (1) load_ms. A fresh browser context (empty cache and storage) per load; the name is put
 *     in localStorage by an init script, which also installs a requestAnimationFrame probe.
 *     The probe records `performance.now()` (ms since the page's navigation start) in the
 *     first frame in which: all 200 `[data-step-id]` rows are in the DOM, no
 *     `[data-testid=conn-banner]` is shown (the client is live), and `.timeline` contains
 *     the newest note's text (the catch-up was folded and drawn). The figure is the median
 *     over --loads (3). The probe also notes when the socket opened, when the first and last
 *     catch-up `events` frames and the `synced` frame arrived (a listener added before the
 *     client's own), how long the client's handler plus React's render took per frame (a
 *     second listener added after the client's), when the join link's check was asked and
 *     answered (resource timing), when the 200 rows first appeared, and the
 *     long tasks (> 50 ms) seen, for the breakdown lines.
 * (2) toggle. Contexts A (lead) and B (operator), both loaded as above. For each of
 *     --toggles/2 (30) steps, taken round-robin over the phases: "Start", then "Done".
 *     Per toggle: B arms a MutationObserver on `data-status` for the step's row; A records
 *     `performance.timeOrigin + performance.now()` and calls `button.click()` in the same
 *     task (inside the page, no Node round trip in the measured span); when B's row shows the
 *     new status, B records the time, then again in the next requestAnimationFrame callback
 *     (the frame that paints it: this is the figure) and in a task posted from that callback
 *     (after the paint). rAF callbacks run at the start of that frame, before its style,
 *     layout and paint, so the "after paint" line is the stricter figure (it includes them;
 *     rasterising and presenting on the compositor still come after). The breakdown line
 *     splits the figure into click → B receives the `events` frame (socket, hub decision,
 *     fsync, broadcast) → B's row mutated (client fold + React render) → next frame. The
 *     next frame is split in turn: until it starts (a callback asked for when the events
 *     frame arrived, before the client handled it, so it runs first in that frame), then the
 *     frame's callbacks ahead of the probe's (the rest of the screen catching up with the
 *     event: renderer/connection/cutoverLater.ts). The line after it splits click → B
 *     receives with the hub's stage clock (the hub runs with --stages), by the id of the
 *     command A's client sent: A's send, the hub reading the frame, the event durable, B's
 *     page reading it (toggleWay.ts). A and B are different renderer processes, so their
 *     time origins are checked against Date.now() (mean of `timeOrigin + now() − Date.now()`
 *     over 20 ms in each page, and in the hub) and the difference is subtracted. Then Node
 *     waits until A's own row shows the status and is no longer "sending" before the next
 *     toggle. The first 2 steps (4 toggles) are a warm-up, not counted. p50/p95 nearest rank.
 *
 * Flags: --events N (5000) --loads N (3) --toggles N (60) --trace FILE (one extra load,
 * not counted, recorded with Chromium tracing into FILE: open it in chrome://tracing or
 * the Performance panel) --profile-load FILE (one extra load, not counted, under V8's
 * sampling profiler: its .cpuprofile written to FILE) --profile-toggles FILE (window B's V8 CPU profile over the toggles,
 * written to FILE as a .cpuprofile for the Performance panel; the profiler slows B, so the
 * toggle figures of such a run are not comparable with a run without it) --heap-toggles FILE (what window B allocates over the toggles, V8's sampling heap profile: a
 * .heapprofile for the Memory panel, each sample a place that allocated) --trace-toggles FILE (the
 * measured toggles recorded with Chromium tracing, as --trace does for a load; window B is
 * the renderer whose page URL the log names) --web-root DIR
 * (serve another build of the web client instead of dist/renderer, e.g. one of an earlier
 * commit, to compare two builds in one sitting; it must exist, nothing is built) --compare DIR
 * (before the figures, --loads pairs of loads alternating between the web root, A, and the
 * build in DIR, B, on one hub; prints both medians and the paired difference, of the load and
 * of ws_created (when the first script has run): on a noisy machine, two builds measured
 * minutes apart differ by more than most changes do).
 * --journal-dir DIR (where the hub keeps its data, the journal among it: the OS temp dir unless
 * given; /dev/shm, a RAM disk, takes the disk's fsync out of the toggle, as bench:sync's flag
 * of that name does, leaving the hub's work and the pages' own).
 * --omnibox-popup (Chromium starts its own omnibox popup, a WebUI page in a renderer of its
 * own, with every context's window, as it did in this benchmark until test/support/browser.ts
 * turned it off: it ran beside every load, some 0.9 s of CPU on two cores).
 *
 * Last line: steps=200 events=… load_ms=… toggle_p95_ms=…
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { HubClient } from '@shared/client';
import type { Role, RunbookPlan } from '@shared/cutover';
import { webJoinLink } from '@shared/protocol';
import { CHROMIUM, CHROMIUM_ARGS_WITH_POPUP, launchBrowser, WEB_ROOT } from '../test/support/browser';
import { live, nodeClient, step, until } from '../test/support/hubHarness';
import type { HubServerInfo } from './hubServer';
import {
  benchTempDir,
  fmt,
  hubNodeFlags,
  median,
  p50p95max,
  percentile,
  positiveInt,
  REPO_ROOT,
  sleep,
  runBenchmark,
  startChild,
  type ChildServer,
} from './lib';
import type { HubTimeline } from './tail';
import { toggleWayLines } from './toggleWay';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    loads: { type: 'string' },
    toggles: { type: 'string' },
    trace: { type: 'string' },
    'profile-toggles': { type: 'string' },
    'heap-toggles': { type: 'string' },
    'profile-load': { type: 'string' },
    'web-root': { type: 'string' },
    'trace-toggles': { type: 'string' },
    compare: { type: 'string' },
    'omnibox-popup': { type: 'boolean' },
    'journal-dir': { type: 'string' },
  },
});
const TARGET_EVENTS = Math.round(positiveInt(values.events, 5000, 'events'));
const LOADS = Math.round(positiveInt(values.loads, 3, 'loads'));
const TOGGLES = Math.round(positiveInt(values.toggles, 60, 'toggles'));
const TRACE = values.trace ? resolve(values.trace) : null;
const LOAD_PROFILE = values['profile-load'] ? resolve(values['profile-load']) : null;
const TOGGLE_PROFILE = values['profile-toggles'] ? resolve(values['profile-toggles']) : null;
const TOGGLE_HEAP = values['heap-toggles'] ? resolve(values['heap-toggles']) : null;
const TOGGLE_TRACE = values['trace-toggles'] ? resolve(values['trace-toggles']) : null;
const WEB = values['web-root'] ? `${resolve(values['web-root'])}/` : WEB_ROOT;
const COMPARE = values.compare ? `${resolve(values.compare)}/` : null;
const OMNIBOX_POPUP = values['omnibox-popup'] === true;
const JOURNAL_DIR = values['journal-dir'];

const PHASES = 10;
const STEPS_PER_PHASE = 20;
const STEPS = PHASES * STEPS_PER_PHASE;
/** Steps started and completed per phase before the browsers come. */
const DONE_PER_PHASE = 5;
const WARMUP_STEPS = 2;
const NOTE_BATCH = 250;
const VIEWPORT = { width: 1440, height: 900 };
/** The whole run is stopped after this, whatever it is waiting for. */
const WATCHDOG_MS = 170_000;

const log = (line: string) => console.log(line);
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
];
const stepId = (phase: number, index: number) => `p${phase}-s${index}`;

function benchRunbook(): RunbookPlan {
  return {
    phases: Array.from({ length: PHASES }, (_, p) => ({
      id: `p${p}`,
      title: `Phase ${p + 1}: ${['Freeze', 'Drain', 'Snapshot', 'Replicate', 'Switch', 'Sequences', 'Verify', 'Warm caches', 'Reopen', 'Watch'][p]}`,
      steps: Array.from({ length: STEPS_PER_PHASE }, (_, s) =>
        step(
          stepId(p, s),
          `Phase ${p + 1} step ${s + 1}: check shard ${(p * STEPS_PER_PHASE + s) % 16} and record the result`,
          s * 5,
          5,
          s > 0 ? [stepId(p, s - 1)] : [],
          {
            owner: ['DBA', 'SRE', 'App', 'Network'][s % 4]!,
            description: 'Run the check from the runbook wiki, paste the output in a note if anything looks off.',
            ...(s === 10 ? { kind: 'verification' as const } : {}),
          },
        ),
      ),
    })),
  };
}

/*
 * What runs inside every page, as a string: tsx compiles functions with esbuild's keepNames,
 * whose `__name` helper does not exist in the page, so nothing with inner named functions
 * is handed to page.evaluate; the page functions below only call into this.
 */
type Probe = { name: string; rows: number; lastText: string };
const probeScript = (p: Probe) => `(() => {
  const want = ${JSON.stringify(p)};
  try { localStorage.setItem('warroom.name', want.name); } catch (e) {}
  const now = () => performance.now();
  const abs = () => performance.timeOrigin + performance.now();
  const B = { t: {}, longTasks: [], catchUp: [], eventsFrames: 0, lastEventsAbs: 0, frameAsked: false, frameStartAbs: 0 };
  window.__bench = B;
  const mark = (k) => { if (B.t[k] === undefined) B.t[k] = now(); };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) B.longTasks.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      mark('wsCreated');
      // The command frame the client sent last, and when: the toggle's way through the hub.
      const send = this.send.bind(this);
      this.send = (d) => {
        if (typeof d === 'string' && d.startsWith('{"t":"command"')) B.sent = { at: abs(), command: JSON.parse(d).id };
        send(d);
      };
      // Added before the client sets onmessage, so it runs first: arrival times.
      let frameStart = -1;
      this.addEventListener('message', (ev) => {
        const d = typeof ev.data === 'string' ? ev.data : '';
        frameStart = -1;
        if (d.startsWith('{"t":"events"')) {
          mark('firstEvents');
          B.t.lastEvents = now();
          B.eventsFrames++;
          B.lastEventsAbs = abs();
          frameStart = now();
          // When the next frame starts: this callback is asked for before the client handles
          // the frame, so it runs ahead of what the client asks of that frame (cutoverLater.ts).
          if (!B.frameAsked) {
            B.frameAsked = true;
            requestAnimationFrame(() => { B.frameAsked = false; B.frameStartAbs = abs(); });
          }
        } else if (d.startsWith('{"t":"synced"')) mark('synced');
      });
      this.addEventListener('open', () => {
        mark('wsOpen');
        // Added after the client's onmessage: runs once the client has folded the frame and
        // React has rendered (its store updates render in a microtask, before this).
        this.addEventListener('message', () => { if (frameStart >= 0 && !B.t.ready) B.catchUp.push([frameStart, now() - frameStart]); });
      });
    }
  };
  const check = () => {
    const rows = document.querySelectorAll('[data-step-id]').length;
    if (rows >= want.rows) mark('rows');
    if (rows >= want.rows && !document.querySelector('[data-testid=conn-banner]')) {
      mark('live');
      const tl = document.querySelector('.timeline');
      if (tl && (tl.textContent || '').includes(want.lastText)) { mark('ready'); return; }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);

  B.skew = () => {
    let sum = 0, n = 0;
    const end = now() + 20;
    while (now() < end) { sum += abs() - Date.now(); n++; }
    return sum / n;
  };
  const rowOf = (id) => document.querySelector('[data-step-id="' + CSS.escape(id) + '"]');
  B.settled = (id, status) => {
    const r = rowOf(id);
    return !!r && r.getAttribute('data-status') === status && !r.querySelector('[data-testid=sending]')
      && !document.querySelector('.banner');
  };
  B.click = (id, label) => {
    const r = rowOf(id);
    const btn = r && Array.from(r.querySelectorAll('.step__actions button')).find((b) => b.textContent === label);
    if (!btn || btn.disabled) throw new Error('no enabled "' + label + '" button on ' + id);
    B.sent = null;
    const t = abs();
    btn.click();
    return t;
  };
  B.arm = (id, status, timeoutMs) => {
    const test = () => { const r = rowOf(id); return !!r && r.getAttribute('data-status') === status; };
    if (test()) throw new Error(id + ' is already ' + status);
    B.lastEventsAbs = 0;
    B.result = new Promise((resolve, reject) => {
      const timer = setTimeout(() => { mo.disconnect(); reject(new Error(id + ' never became ' + status)); }, timeoutMs);
      const mo = new MutationObserver(() => {
        if (!test()) return;
        const mut = abs();
        const ws = B.lastEventsAbs;
        mo.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => {
          const raf = abs();
          // The frame's start, when it was this frame's (it is, unless no events frame came).
          const frame = B.frameStartAbs > mut && B.frameStartAbs <= raf ? B.frameStartAbs : 0;
          const ch = new MessageChannel();
          ch.port1.onmessage = () => resolve({ ws, mut, frame, raf, after: abs() });
          ch.port2.postMessage(0);
        });
      });
      mo.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    return true;
  };
})();`;

type PageProbe = {
  t: Partial<Record<'wsCreated' | 'wsOpen' | 'firstEvents' | 'lastEvents' | 'synced' | 'rows' | 'live' | 'ready', number>>;
  longTasks: [number, number][];
  /** [start, ms] per catch-up events frame: the client's fold plus React's render of it. */
  catchUp: [number, number][];
  eventsFrames: number;
  skew: () => number;
  settled: (id: string, status: string) => boolean;
  click: (id: string, label: string) => number;
  /** The last command frame this page's client sent: when (timeOrigin + now()), and its id. */
  sent: { at: number; command: string } | null;
  arm: (id: string, status: string, timeoutMs: number) => boolean;
  result: Promise<{ ws: number; mut: number; frame: number; raf: number; after: number }>;
};
type WithProbe = { __bench: PageProbe };

type LoadResult = {
  readyMs: number;
  t: PageProbe['t'];
  longTasks: [number, number][];
  catchUp: [number, number][];
  eventsFrames: number;
  navigation: { responseEnd: number; domContentLoaded: number; scriptEnd: number };
  /** The join link's check (GET …/invite): asked, and answered, ms since navigation start. */
  invite: { start: number; end: number };
};

let browser: Browser | null = null;
let hub: ChildServer<HubServerInfo> | null = null;
/** The hub's data folder and the runbook file handed to it, removed at the end. */
let dataDir: string | null = null;
const contexts: BrowserContext[] = [];

async function openPage(role: Role, name: string, lastText: string): Promise<Page> {
  const context = await browser!.newContext({ viewport: VIEWPORT });
  contexts.push(context);
  await context.addInitScript({ content: probeScript({ name, rows: STEPS, lastText }) });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] ${e.message}`));
  await page.goto(webJoinLink({ hub: hub!.info.url, cutoverId: hub!.info.cutoverId, token: hub!.info.tokens[role] }), { waitUntil: 'commit' });
  return page;
}

async function waitReady(page: Page): Promise<LoadResult> {
  await page.waitForFunction(() => (window as unknown as WithProbe).__bench.t.ready !== undefined, undefined, { timeout: 30_000, polling: 100 });
  return page.evaluate(() => {
    const b = (window as unknown as WithProbe).__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const js = resources.filter((r) => r.name.endsWith('.js'));
    const invite = resources.find((r) => r.name.endsWith('/invite'));
    return {
      readyMs: b.t.ready!,
      t: b.t,
      longTasks: b.longTasks,
      catchUp: b.catchUp,
      eventsFrames: b.eventsFrames,
      navigation: {
        responseEnd: nav?.responseEnd ?? Number.NaN,
        domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
        scriptEnd: js.reduce((m, r) => Math.max(m, r.responseEnd), 0),
      },
      invite: { start: invite?.startTime ?? Number.NaN, end: invite?.responseEnd ?? Number.NaN },
    };
  });
}

/** One load by the lead, in a fresh context closed afterwards. */
async function loadOnce(lastText: string): Promise<LoadResult> {
  const page = await openPage('lead', 'Lena', lastText);
  const r = await waitReady(page);
  await closeContext(page);
  return r;
}

async function closeContext(page: Page): Promise<void> {
  const context = page.context();
  contexts.splice(contexts.indexOf(context), 1);
  await context.close();
}

/** Adds notes until the cutover's journal holds `target` events; returns the seq reached. */
async function seed(lead: HubClient, operator: HubClient, target: number): Promise<{ seq: number; lastText: string; stepEvents: number; notes: number }> {
  await lead.send('cutover.start', {}).done;
  // Phases side by side, steps in order within each (each depends on the one before).
  await Promise.all(
    Array.from({ length: PHASES }, async (_, p) => {
      for (let s = 0; s < DONE_PER_PHASE; s++) {
        await operator.send('step.start', { stepId: stepId(p, s) }).done;
        await operator.send('step.complete', { stepId: stepId(p, s) }).done;
      }
    }),
  );
  const stepEvents = PHASES * DONE_PER_PHASE * 2;
  await until(lead, (c) => c.state.seq === operator.state.seq && operator.status === 'live', 10_000, 'clients in step');
  const notes = target - lead.state.seq;
  if (notes < 1) throw new Error(`--events ${target} is fewer than the ${lead.state.seq} events the setup needs`);
  const severities = ['info', 'info', 'info', 'issue', 'decision', 'action'] as const;
  let lastText = '';
  for (let from = 0; from < notes; from += NOTE_BATCH) {
    const batch: Promise<number[]>[] = [];
    for (let i = from; i < Math.min(notes, from + NOTE_BATCH); i++) {
      const text =
        i === notes - 1
          ? `Last note of the bench night ${Date.now().toString(36)}`
          : `Note ${i + 1}: replication lag on shard ${i % 16} is ${(i * 37) % 900} ms, watching it`;
      lastText = text;
      const client = i % 3 === 0 ? operator : lead;
      batch.push(client.send('note.add', { text, severity: severities[i % severities.length]! }).done);
    }
    await Promise.all(batch);
  }
  await until(lead, (c) => c.state.seq >= target, 30_000, `seq ${target}`);
  return { seq: lead.state.seq, lastText, stepEvents, notes };
}

function stepsToToggle(count: number): string[] {
  const ids: string[] = [];
  for (let s = DONE_PER_PHASE; s < STEPS_PER_PHASE && ids.length < count; s++) {
    for (let p = 0; p < PHASES && ids.length < count; p++) ids.push(stepId(p, s));
  }
  return ids;
}

/** On B's clock (timeOrigin + now()); `sent` and `command`: A's command frame, once A's client sent it. */
type Toggle = { stepId: string; to: string; click: number; sent: number; command: string; ws: number; mut: number; frame: number; raf: number; after: number };

async function toggle(a: Page, b: Page, id: string, label: 'Start' | 'Done', to: string, skewAminusB: number): Promise<Toggle> {
  await b.evaluate(([sid, status]) => (window as unknown as WithProbe).__bench.arm(sid, status, 10_000), [id, to] as const);
  const clickA = await a.evaluate(([sid, l]) => (window as unknown as WithProbe).__bench.click(sid, l), [id, label] as const);
  const r = await b.evaluate(() => (window as unknown as WithProbe).__bench.result);
  // Put A's click on B's clock.
  const click = clickA - skewAminusB;
  await a.waitForFunction(([sid, status]) => (window as unknown as WithProbe).__bench.settled(sid, status), [id, to] as const, {
    timeout: 10_000,
    polling: 'raf',
  });
  await b.waitForFunction(([sid, status]) => (window as unknown as WithProbe).__bench.settled(sid, status), [id, to] as const, {
    timeout: 10_000,
    polling: 'raf',
  });
  const sent = await a.evaluate(() => (window as unknown as WithProbe).__bench.sent);
  if (!sent) throw new Error(`A's client sent no command for "${label}" on ${id}`);
  return { stepId: id, to, click, sent: sent.at - skewAminusB, command: sent.command, ws: r.ws, mut: r.mut, frame: r.frame, raf: r.raf, after: r.after };
}

async function skewOf(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as WithProbe).__bench.skew());
}

function describeLoads(loads: LoadResult[]): void {
  const m = (f: (l: LoadResult) => number | undefined) => fmt(median(loads.map((l) => f(l) ?? Number.NaN)), 1);
  log(
    `load breakdown (median ms since navigation start): html=${m((l) => l.navigation.responseEnd)} js_loaded=${m((l) => l.navigation.scriptEnd)} ` +
      `dcl=${m((l) => l.navigation.domContentLoaded)} ws_created=${m((l) => l.t.wsCreated)} ws_open=${m((l) => l.t.wsOpen)} ` +
      `first_events_frame=${m((l) => l.t.firstEvents)} last_events_frame=${m((l) => l.t.lastEvents)} synced_frame=${m((l) => l.t.synced)} ` +
      `invite_asked=${m((l) => l.invite.start)} invite_answered=${m((l) => l.invite.end)} rows_200=${m((l) => l.t.rows)} live=${m((l) => l.t.live)} ready=${m((l) => l.t.ready)}`,
  );
  const lt = loads.map((l) => l.longTasks.filter(([start]) => start <= l.readyMs));
  log(
    `load long tasks before ready (median): count=${median(lt.map((x) => x.length))} total_ms=${fmt(median(lt.map((x) => x.reduce((s, [, d]) => s + d, 0))), 1)} ` +
      `longest_ms=${fmt(median(lt.map((x) => Math.max(0, ...x.map(([, d]) => d)))), 1)}`,
  );
  const cu = loads.map((l) => l.catchUp.map(([, d]) => d));
  const span = loads.map((l) => (l.t.lastEvents ?? Number.NaN) - (l.t.firstEvents ?? Number.NaN));
  log(
    `load catch-up (median): events_frames=${median(cu.map((x) => x.length))} fold+render_total_ms=${fmt(median(cu.map((x) => x.reduce((s, d) => s + d, 0))), 1)} ` +
      `first_frame_ms=${fmt(median(cu.map((x) => x[0] ?? Number.NaN)), 1)} per_later_frame_ms=${fmt(median(cu.flatMap((x) => x.slice(1))), 1)} first_to_last_frame_ms=${fmt(median(span), 1)}`,
  );
}

function describeToggles(toggles: Toggle[]): void {
  const line = (title: string, parts: [name: string, ms: number[]][]) =>
    log(`${title}: ${parts.map(([name, ms]) => `${name} ${p50p95max(ms, 1)}`).join(' | ')}`);
  const withWs = toggles.filter((t) => t.ws > 0);
  line('toggle breakdown (ms)', [
    ['click→B_frame_arrives', withWs.map((t) => t.ws - t.click)],
    ['arrives→B_row_mutated', withWs.map((t) => t.mut - t.ws)],
    ['mutated→next_frame', toggles.map((t) => t.raf - t.mut)],
  ]);
  const framed = toggles.filter((t) => t.frame > 0);
  line(`toggle next frame (ms, ${framed.length} of ${toggles.length})`, [
    ['mutated→frame_starts', framed.map((t) => t.frame - t.mut)],
    ["frame_starts→B_frame (the frame's callbacks before the probe's: the rest of the screen catching up)", framed.map((t) => t.raf - t.frame)],
  ]);
  line('toggle after paint (ms, a task posted from the frame)', [['click→after_paint', toggles.map((t) => t.after - t.click)]]);
  for (const to of ['in_progress', 'done']) line(`toggle to ${to} (ms)`, [['click→B_frame', toggles.filter((t) => t.to === to).map((t) => t.raf - t.click)]]);
}

type MergedRoots = { dir: string; serve: (build: 'A' | 'B') => Promise<void> };

/**
 * One folder with the files of both builds (their chunks' names carry their hashes); `serve`
 * puts the named build's index.html in it, for the next load.
 */
async function mergedWebRoots(a: string, b: string, dir: string): Promise<MergedRoots> {
  if (!existsSync(join(b, 'index.html'))) throw new Error(`--compare ${b} holds no index.html`);
  await cp(b, dir, { recursive: true });
  await cp(a, dir, { recursive: true, force: true });
  const html = { A: await readFile(join(a, 'index.html')), B: await readFile(join(b, 'index.html')) };
  return { dir, serve: (build) => writeFile(join(dir, 'index.html'), html[build]) };
}

/**
 * --compare: loads alternate between the two builds (A B B A …), so that both see the same
 * minutes of a noisy machine; prints each build's median and the median of the paired
 * differences. Build A is served again afterwards, for the figures that follow.
 */
async function compareLoads(served: MergedRoots, lastText: string): Promise<void> {
  const loads: Record<'A' | 'B', LoadResult[]> = { A: [], B: [] };
  for (let pair = 0; pair < LOADS; pair++) {
    for (const build of pair % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
      await served.serve(build);
      loads[build].push(await loadOnce(lastText));
    }
  }
  await served.serve('A');
  log(`compare: A=${WEB} B=${COMPARE}`);
  log(`compare: load_ms A ${loads.A.map((l) => fmt(l.readyMs, 0)).join(' ')} | B ${loads.B.map((l) => fmt(l.readyMs, 0)).join(' ')}`);
  // The load, and the moment the socket is created: the end of the first script's evaluation,
  // which a change to what that script builds moves with less of the rest's noise. Then when
  // the catch-up's first frame and its end were read, for a change to the way the night comes.
  for (const [what, of] of [
    ['load_ms', (l: LoadResult) => l.readyMs],
    ['ws_created', (l: LoadResult) => l.t.wsCreated ?? Number.NaN],
    ['first_events_frame', (l: LoadResult) => l.t.firstEvents ?? Number.NaN],
    ['synced_frame', (l: LoadResult) => l.t.synced ?? Number.NaN],
  ] as const) {
    const a = loads.A.map(of);
    const b = loads.B.map(of);
    const diffs = a.map((x, i) => b[i]! - x);
    log(
      `compare: ${what} median A=${fmt(median(a), 1)} B=${fmt(median(b), 1)} paired B−A median=${fmt(median(diffs), 1)} (B earlier in ${diffs.filter((d) => d < 0).length} of ${diffs.length} pairs)`,
    );
  }
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const index = join(WEB, 'index.html');
  if (WEB !== WEB_ROOT && !existsSync(index)) throw new Error(`--web-root ${WEB} holds no index.html`);
  if (!existsSync(index)) {
    log('dist/renderer/index.html is missing: running vite build');
    const built = spawnSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
    if (built.status !== 0 || !existsSync(index)) throw new Error('vite build failed');
  }
  log(`web client: ${WEB} (built ${statSync(index).mtime.toISOString()})`);

  dataDir = await benchTempDir('warroom-bench-ui-', JOURNAL_DIR);
  const runbook = join(dataDir, 'runbook.json');
  await writeFile(runbook, JSON.stringify(benchRunbook()));
  const served = COMPARE ? await mergedWebRoots(WEB, COMPARE, join(dataDir, 'web')) : null;
  const args = [
    '--data-dir',
    join(dataDir, 'hub'),
    '--static-dir',
    served?.dir ?? WEB,
    '--runbook',
    runbook,
    '--window-start',
    String(Date.now() - 5 * 60_000),
    // The hub's stage clock, for the toggle's way through it (toggleWay.ts).
    '--stages',
  ];
  hub = await startChild<HubServerInfo>('hubServer.ts', args, hubNodeFlags());
  const { url, cutoverId, tokens } = hub.info;
  const lead = nodeClient(url, cutoverId, tokens.lead, 'Lena');
  const operator = nodeClient(url, cutoverId, tokens.operator, 'Dan');
  lead.start();
  operator.start();
  await Promise.all([live(lead), live(operator)]);
  const seedStart = performance.now();
  const seeded = await seed(lead, operator, TARGET_EVENTS);
  lead.stop();
  operator.stop();
  const events = seeded.seq;
  log(
    `seeded: ${STEPS} steps, ${events} events (${seeded.stepEvents} step starts/completes, ${seeded.notes} notes) in ${fmt(performance.now() - seedStart, 0)} ms through the hub at ${url}`,
  );

  browser = await launchBrowser(OMNIBOX_POPUP ? CHROMIUM_ARGS_WITH_POPUP : undefined);
  log(`browser: Chromium ${browser.version()}${OMNIBOX_POPUP ? ", its omnibox popup started with every context's window" : ''}`);

  if (served) await compareLoads(served, seeded.lastText);

  // (1) Load to interactive, a fresh context each time.
  const loads: LoadResult[] = [];
  for (let i = 0; i < LOADS; i++) {
    const r = await loadOnce(seeded.lastText);
    loads.push(r);
    log(
      `load ${i + 1}/${LOADS}: ready at ${fmt(r.readyMs, 1)} ms (rows at ${fmt(r.t.rows ?? Number.NaN, 1)}, synced frame at ${fmt(r.t.synced ?? Number.NaN, 1)}; ` +
        `long tasks at ${r.longTasks.map(([at, d]) => `${fmt(at, 0)}+${fmt(d, 0)}`).join(' ') || 'none'})`,
    );
  }
  const loadMs = median(loads.map((l) => l.readyMs));
  describeLoads(loads);

  /** One more load, not counted, with `watch` started before it and `done` after it is ready. */
  const extraLoad = async (watch: (page: Page) => Promise<void>, done: (page: Page, ready: LoadResult) => Promise<void>): Promise<void> => {
    const page = await browser!.newPage({ viewport: VIEWPORT });
    await page.context().addInitScript({ content: probeScript({ name: 'Lena', rows: STEPS, lastText: seeded.lastText }) });
    await watch(page);
    await page.goto(webJoinLink({ hub: url, cutoverId, token: tokens.lead }), { waitUntil: 'commit' });
    await done(page, await waitReady(page));
    await page.context().close();
  };
  if (TRACE) {
    await extraLoad(
      (page) => browser!.startTracing(page, { path: TRACE, screenshots: false, categories: TRACE_CATEGORIES }),
      async (_, r) => {
        await browser!.stopTracing();
        log(`traced load (not counted): ready at ${fmt(r.readyMs, 1)} ms, trace in ${TRACE}`);
      },
    );
  }
  if (LOAD_PROFILE) {
    let profiler: CDPSession;
    await extraLoad(
      async (page) => {
        profiler = await page.context().newCDPSession(page);
        await profiler.send('Profiler.enable');
        await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
        await profiler.send('Profiler.start');
      },
      async (page, r) => {
        const { profile } = await profiler.send('Profiler.stop');
        writeFileSync(LOAD_PROFILE, JSON.stringify(profile));
        const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
        log(`profiled load (not counted, slowed by the profiler): ready at ${fmt(r.readyMs, 1)} ms with ${elements} elements, CPU profile in ${LOAD_PROFILE}`);
      },
    );
  }

  // (2) Toggle latency: lead clicks in A, operator's window B shows it.
  const a = await openPage('lead', 'Lena', seeded.lastText);
  const b = await openPage('operator', 'Dan', seeded.lastText);
  await Promise.all([waitReady(a), waitReady(b)]);
  const skewA = await skewOf(a);
  const skewB = await skewOf(b);
  const skew = skewA - skewB;
  log(`toggle windows ready; time origin difference A−B against Date.now(): ${fmt(skew, 2)} ms (corrected for)`);

  const steps = stepsToToggle(WARMUP_STEPS + Math.ceil(TOGGLES / 2));
  // The seeding's commands are not the toggles': the hub forgets them.
  await hub.ask('stages:reset');
  const toggles: Toggle[] = [];
  const profiler = TOGGLE_PROFILE || TOGGLE_HEAP ? await b.context().newCDPSession(b) : null;
  for (const [i, id] of steps.entries()) {
    if (i === WARMUP_STEPS && TOGGLE_TRACE) {
      log(`tracing the toggles; window B is ${b.url()}`);
      await browser!.startTracing(b, { path: TOGGLE_TRACE, screenshots: false, categories: TRACE_CATEGORIES });
    }
    if (i === WARMUP_STEPS && profiler && TOGGLE_HEAP) {
      await profiler.send('HeapProfiler.enable');
      await profiler.send('HeapProfiler.collectGarbage');
      // Every allocation sampled, those the collector has freed since included: what makes its work.
      await profiler.send('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMinorGC: true,
        includeObjectsCollectedByMajorGC: true,
      });
    }
    if (i === WARMUP_STEPS && profiler && TOGGLE_PROFILE) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.send('Profiler.start');
    }
    const started = await toggle(a, b, id, 'Start', 'in_progress', skew);
    await sleep(30);
    const done = await toggle(a, b, id, 'Done', 'done', skew);
    await sleep(30);
    if (i >= WARMUP_STEPS) toggles.push(started, done);
  }
  if (TOGGLE_TRACE) {
    await browser.stopTracing();
    log(`toggles traced (slowed by the tracing) into ${TOGGLE_TRACE}`);
  }
  if (profiler && TOGGLE_HEAP) {
    const { profile } = await profiler.send('HeapProfiler.stopSampling');
    writeFileSync(TOGGLE_HEAP, JSON.stringify(profile));
    log(`window B's allocations over the measured toggles (sampled every 4 KB): ${TOGGLE_HEAP}`);
  }
  if (profiler && TOGGLE_PROFILE) {
    const { profile } = await profiler.send('Profiler.stop');
    writeFileSync(TOGGLE_PROFILE, JSON.stringify(profile));
    log(`window B's CPU profile over the measured toggles (slowed by the profiler): ${TOGGLE_PROFILE}`);
  }
  toggles.splice(TOGGLES);
  const lat = toggles.map((t) => t.raf - t.click).sort((x, y) => x - y);
  log(`toggles: ${toggles.length} measured over ${new Set(toggles.map((t) => t.stepId)).size} steps (after ${WARMUP_STEPS * 2} warm-up toggles)`);
  describeToggles(toggles);
  const { skew: hubSkew } = await hub.ask<{ skew: number }>('clock');
  const way = toggles.filter((t) => t.ws > 0).map((t) => ({ command: t.command, click: t.click, sent: t.sent, arrives: t.ws }));
  for (const line of toggleWayLines(way, await hub.ask<HubTimeline>('stages:commands'), skewB - hubSkew)) log(line);
  log(`toggle_p50_ms=${fmt(percentile(lat, 50), 1)}`);
  log(`steps=${STEPS} events=${events} load_ms=${fmt(loadMs, 1)} toggle_p95_ms=${fmt(percentile(lat, 95), 1)}`);
}

async function cleanup(): Promise<void> {
  await Promise.allSettled(contexts.splice(0).map((c) => c.close()));
  await browser?.close().catch(() => undefined);
  await hub?.stop().catch(() => undefined);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

await runBenchmark('bench/ui.ts', WATCHDOG_MS, main, cleanup);

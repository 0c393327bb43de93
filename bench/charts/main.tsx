import '../../renderer/styles.css';
import './bench.css';
import { useLayoutEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { foldEvents } from '@shared/cutover';
import { useCutover } from '../../renderer/connection/cutoverStore';
import { CutoverScreen } from '../../renderer/features/cutover/CutoverScreen';
import { LagDrawingContext } from '../../renderer/features/lag/lagDrawing';
import { LagPanel } from '../../renderer/features/lag/LagPanel';
import { LAG_OPEN_KEY } from '../../renderer/features/lag/lagSummary';
import { useLag } from '../../renderer/connection/lagStore';
import { WorstLagSparkline } from '../../renderer/features/lag/WorstLagSparkline';
import type { LagRange } from '../../renderer/features/lag/lagView';
import { nightEvents, nightSamples, WINDOW_START } from './scenario';

/*
 * The page bench/charts.ts drives: the real lag components over a generated night, with
 * hooks to time a first render and each live update. `demo` renders the whole cutover
 * screen instead (a replayed moment of the night), for screenshots.
 */

type Setup = { series: number; points: number; grouped: boolean; range: LagRange; demo: boolean };
type UpdateTiming = { ms: number; ingestMs: number; scriptMs: number; drawn: number };

let root: Root | null = null;
let more: (() => ReturnType<ReturnType<typeof nightSamples>['more']>) | null = null;
let setup: Setup | null = null;
let commits: ((at: number) => void) | null = null;
const cspViolations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) =>
  cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || e.sample} (${e.sourceFile.split('/').pop()}:${e.lineNumber})`),
);

/** SVG attributes that came out as NaN (the browser logs them as errors): which element, and where. */
const nanAttributes = new Set<string>();
const describeNaN = (el: Element) => {
  for (const a of Array.from(el.attributes)) {
    if (!a.value.includes('NaN')) continue;
    const where = [el.parentElement, el.parentElement?.parentElement].map((p) => p?.getAttribute('class') ?? p?.tagName ?? '').join(' < ');
    nanAttributes.add(`<${el.tagName} ${a.name}="${a.value.slice(0, 24)}" class="${el.getAttribute('class') ?? ''}"> in ${where}`);
  }
};
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === 'attributes' && r.target instanceof Element) describeNaN(r.target);
    for (const n of Array.from(r.addedNodes)) if (n instanceof Element) [n, ...Array.from(n.querySelectorAll('*'))].forEach(describeNaN);
  }
}).observe(document, { subtree: true, childList: true, attributes: true });

/** Runs after every commit that moved the samples: the literal "React committed" moment. */
function CommitProbe() {
  const versions = useLag((s) => s.versions);
  useLayoutEffect(() => commits?.(performance.now()), [versions]);
  return null;
}

/** `range`, when given, instead of the one prepared. */
type Mode = { naive: boolean; everyReading: boolean; range?: LagRange };

function BenchApp({ naive, everyReading, range }: Mode & { range: LagRange }) {
  return (
    <div className="bench-page">
      <div className="bench-chips">
        <WorstLagSparkline />
      </div>
      <main className="bench-main">
        {/* How the charts draw is the screens' unless a comparison asks otherwise. */}
        <LagDrawingContext value={{ naive, everyReading }}>
          <LagPanel defaultRange={range} />
        </LagDrawingContext>
      </main>
      <CommitProbe />
    </div>
  );
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
/** A task posted now runs after the current frame's style, layout and paint. */
const afterPaint = () =>
  new Promise<number>((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r(performance.now());
    ch.port2.postMessage(0);
  });

const lineCurves = () => Array.from(document.querySelectorAll('.lag-chart path.lag-line'), (p) => p.getAttribute('d') ?? '');

function chartsDrawn(expected: number): boolean {
  const charts = document.querySelectorAll('.lag-chart');
  if (charts.length < expected) return false;
  return lineCurves().filter((d) => d.length > 0).length >= setup!.series;
}

function expectedCharts(): number {
  const s = useCutover.getState().state;
  const groups = new Set(s.seriesOrder.map((id) => s.series[id]?.group || `#${id}`));
  return groups.size;
}

/** Sets the night up to its last reading: the cutover state, the events, the samples. */
function prepare(opts: Setup): { seriesIds: string[]; lastT: number } {
  setup = opts;
  const until = WINDOW_START + (opts.points - 1) * 1000;
  const downSeries = opts.demo ? 'outbox' : undefined;
  const night = nightEvents(opts.series, { grouped: opts.grouped, until, downSeries });
  const samples = nightSamples(night.shapes, opts.points, downSeries ? { id: downSeries, at: WINDOW_START + (4 * 60 + 4) * 60_000 } : undefined);
  more = samples.more;
  useLag.getState().reset();
  useLag.getState().ingest(samples.batches, { history: true });
  useCutover.setState({
    status: 'live',
    state: foldEvents(night.events),
    events: night.events,
    eventCount: night.events.length,
    replayNow: until,
    clockOffsetMs: 0,
    member: null,
  });
  return { seriesIds: night.series.map((s) => s.id), lastT: until };
}

async function mount(mode: Mode): Promise<{ firstMs: number; charts: number; points: number }> {
  root?.unmount();
  const el = document.getElementById('root')!;
  const expected = expectedCharts();
  const t0 = performance.now();
  // The charts open, as if someone had opened them earlier in this session: the lag panel
  // starts folded, and the demo's cutover screen is there to be photographed with its charts.
  sessionStorage.setItem(LAG_OPEN_KEY, 'true');
  root = createRoot(el);
  root.render(setup!.demo ? <CutoverScreen onToggleTheme={() => undefined} hub="" token={null} /> : <BenchApp {...mode} range={mode.range ?? setup!.range} />);
  for (;;) {
    await frame();
    if (chartsDrawn(expected)) break;
    if (performance.now() - t0 > 60_000) throw new Error('the charts were not drawn within 60 s');
  }
  const t1 = await afterPaint();
  const points = Array.from(document.querySelectorAll('.lag-chart'), (c) => Number(c.getAttribute('data-points'))).reduce((a, b) => a + b, 0);
  return { firstMs: t1 - t0, charts: document.querySelectorAll('.lag-chart').length, points };
}

function ingestNext(): number {
  const batches = more!();
  const t0 = performance.now();
  useLag.getState().ingest(batches);
  const ingested = performance.now() - t0;
  useCutover.setState({ replayNow: batches[0]!.t[0]! });
  return ingested;
}

/**
 * One live update timed within a frame: the batch is ingested at the start of a frame
 * (a rAF callback); React renders and commits it in that callback's microtasks; the
 * figure ends in a task posted from the callback, which runs after that frame's style,
 * layout and paint. Also counts the charts whose line changed in that frame.
 */
async function update(): Promise<UpdateTiming> {
  const before = lineCurves();
  const { t0, ingestMs, script, done } = await new Promise<{ t0: number; ingestMs: number; script: Promise<number>; done: Promise<number> }>((resolve) =>
    requestAnimationFrame(() => {
      const t0 = performance.now();
      const ingestMs = ingestNext();
      // Queued after React's own microtask, which renders until no synchronous work is left
      // (recharts' store updates from effects included): this runs when the script is done.
      const script = new Promise<number>((r) => queueMicrotask(() => r(performance.now())));
      resolve({ t0, ingestMs, script, done: afterPaint() });
    }),
  );
  const t1 = await done;
  const scriptMs = (await script) - t0;
  const after = lineCurves();
  return { ms: t1 - t0, ingestMs, scriptMs, drawn: after.filter((d, i) => d !== before[i]).length };
}

/**
 * The same update as a socket message would bring it (a task at any moment), timed to the
 * next animation frame after React committed: includes the wait for that frame.
 */
async function updateToNextFrame(): Promise<number> {
  await new Promise((r) => setTimeout(r, Math.random() * 16));
  const committed = new Promise<void>((r) => {
    commits = () => {
      commits = null;
      r();
    };
  });
  const t0 = performance.now();
  ingestNext();
  await committed;
  const t1 = await frame();
  return t1 - t0;
}

function setTheme(theme: 'dark' | 'light'): void {
  document.documentElement.dataset.theme = theme;
}

Object.assign(window, { __bench: { prepare, mount, update, updateToNextFrame, setTheme, cspViolations, nanAttributes: () => [...nanAttributes] } });

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addChecks } from './checks';
import type { Role, RunbookPlan } from '@shared/cutover';
import { startHub } from '../electron/hub/hub';
import { recordStageTimes, type StageEntry } from '../electron/hub/stageTimes';
import { SMALL_RUNBOOK, WINDOW_START } from '../test/support/hubHarness';
import { answerQuestions, clockSkew, exitWhenParentSaysSo } from './lib';
import { stageBreakdown, type StageBreakdown } from './stages';
import { watchPauses, type HubTimeline } from './tail';

/*
 * Child process for bench/sync.ts, bench/ingest.ts and bench/ui.ts: a real hub (durable file journal in
 * --data-dir) with --cutovers (1) cutovers. Prints {url, cutoverId, tokens, cutovers} as one
 * JSON line on stdout (cutoverId and tokens: the first cutover's), then serves until its
 * stdin closes. The parent owns --data-dir and removes it.
 *
 * --stages turns the hub's stage clock on (electron/hub/stageTimes.ts); the parent then asks
 * `stages:reset` (forget what came before, e.g. the warm-up), `stages:report` (the
 * breakdown of every command since, as one JSON line) and `stages:commands` (each command's
 * stages, and the garbage collector's pauses, on the clock every process on the machine
 * shares: bench/tail.ts). `clock` answers how the hub's clock stands against Date.now()
 * (lib.ts clockSkew), for moments set beside a browser's (bench/toggleWay.ts).
 */
export type HubCutover = { cutoverId: string; tokens: Record<Role, string> };
export type HubServerInfo = HubCutover & { url: string; cutovers: HubCutover[] };
export type { StageBreakdown };

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'push-per-second': { type: 'string' },
    cutovers: { type: 'string' },
    stages: { type: 'boolean' },
    checks: { type: 'string' },
    'static-dir': { type: 'string' },
    runbook: { type: 'string' },
    'window-start': { type: 'string' },
  },
});
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
// bench/ingest.ts replays a whole night in seconds: it raises the per-invite push rate, or it would measure the limiter.
const pushRate = values['push-per-second'] ? Number(values['push-per-second']) : null;
const count = values.cutovers ? Number(values.cutovers) : 1;
const stages = values.stages ? recordStageTimes() : null;
const pauses = values.stages ? watchPauses() : null;
const runbook = values.runbook ? (JSON.parse(readFileSync(values.runbook, 'utf8')) as RunbookPlan) : SMALL_RUNBOOK;
const windowStart = values['window-start'] ? Number(values['window-start']) : WINDOW_START;

const hub = await startHub({
  dataDir,
  port: 0,
  host: '127.0.0.1',
  log: (m) => process.stderr.write(`[hub] ${m}\n`),
  ...(pushRate ? { pushLimit: { perSecond: pushRate, burst: pushRate } } : {}),
  ...(values['static-dir'] ? { staticDir: values['static-dir'] } : {}),
});
const cutovers: HubCutover[] = [];
for (let i = 0; i < count; i++) {
  const { cutoverId, invites } = await hub.createCutover({
    title: `Benchmark cutover ${i + 1}`,
    window: { start: windowStart, end: windowStart + 120 * 60_000, timeZone: 'Europe/London' },
    isRehearsal: false,
    runbook,
  });
  cutovers.push({ cutoverId, tokens: Object.fromEntries(invites.map((i) => [i.invite.role, i.token])) as Record<Role, string> });
}
// --checks N (bench/checks.ts): N checks scheduled every 10 s on the first cutover.
if (values.checks) await addChecks(hub, cutovers[0]!.cutoverId, Number(values.checks));
const info: HubServerInfo = { url: hub.url, ...cutovers[0]!, cutovers };
process.stdout.write(`${JSON.stringify(info)}\n`);
answerQuestions((q): StageBreakdown | HubTimeline | MemoryReport | { skew: number } | { ok: true } | { error: string } => {
  if (q === 'memory') return memoryReport();
  if (q === 'clock') return { skew: clockSkew() };
  if (stages) {
    if (q === 'stages:reset') {
      stages.done.length = 0;
      pauses?.clear();
      return { ok: true };
    }
    if (q === 'stages:report') return stageBreakdown(stages.done as StageEntry[]);
    if (q === 'stages:commands') return { origin: performance.timeOrigin, commands: stages.done as StageEntry[], pauses: pauses?.list() ?? [] };
  }
  return { error: `unknown question ${q}` };
});

/** MB of the process's memory (process.memoryUsage), and the same after a full GC when the hub runs with --expose-gc. */
export type MemoryReport = { now: Record<string, number>; afterGc: Record<string, number> | null };
function memoryReport(): MemoryReport {
  const mb = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1e5) / 10]));
  const now = mb();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return { now, afterGc: null };
  gc();
  return { now, afterGc: mb() };
}
exitWhenParentSaysSo(() => hub.close());

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeArchive, encodeArchive } from '@shared/archive';
import type { CutoverEvent, CutoverState, NoteSeverity, PhasePlan, StepPlan } from '@shared/cutover';
import type { SampleBatch } from '@shared/metrics';
import { fmt, median, REPO_ROOT } from './lib';
import { seededRandom } from './random';

/*
 * The postmortem of a long night, offline: an archive of a 12-hour cutover (10,000 events
 * over a 200-step runbook, 10 lag series sampled every second) is opened (checked and
 * folded) and its postmortem drafted. Median of 3 runs each. No hub: the archive is
 * written with encodeArchive directly.
 *
 *   npm run bench:postmortem
 *
 * The last line is the result: events=10000 samples=432000 open_ms=… draft_ms=…
 */

const EVENTS = 10_000;
const STEPS = 200;
const PHASES = 10;
const SERIES = 10;
const HOURS = 12;
const POINTS_PER_SERIES = HOURS * 3600; // one a second
const BATCH = 1000;
const RUNS = 3;

const START = Date.UTC(2026, 3, 29, 18, 0);
const HOUR = 3_600_000;

/** Deterministic, so every run measures the same night. */
function night(): { events: CutoverEvent[]; samples: SampleBatch[]; points: number } {
  const rand = seededRandom(12);
  const hub = { id: 'hub', name: 'Hub', role: 'system' as const };
  const crew = ['Lena', 'Dana', 'Sam', 'Chris', 'Priya', 'Tom', 'Ana', 'Olu'].map((name, i) => ({
    id: `m-${i.toString(16).padStart(12, '0')}`,
    name,
    role: i === 0 ? ('lead' as const) : i === 3 ? ('approver' as const) : ('operator' as const),
  }));
  const minutesPerStep = (HOURS * 60) / STEPS;
  const phases: PhasePlan[] = Array.from({ length: PHASES }, (_, p) => ({
    id: `p${p + 1}`,
    title: `Phase ${p + 1}`,
    steps: Array.from({ length: STEPS / PHASES }, (_, s): StepPlan => {
      const n = p * (STEPS / PHASES) + s;
      return {
        id: `s${n + 1}`,
        title: `Step ${n + 1}: migrate table group ${n + 1}`,
        description: 'Run the migration script, then check row counts against the source.',
        owner: n % 3 === 0 ? 'DBA' : 'SRE',
        plannedOffsetMin: n * minutesPerStep,
        plannedDurationMin: minutesPerStep * 0.8,
        dependsOn: n === 0 ? [] : [`s${n}`],
        kind: n % 20 === 19 ? 'verification' : 'task',
        rollbackNote: '',
        pointOfNoReturn: n === 120,
      };
    }),
  }));

  const events: CutoverEvent[] = [];
  const push = (ts: number, actor: CutoverEvent['actor'], e: Pick<CutoverEvent, 'type' | 'payload'>) =>
    events.push({ v: 1, seq: events.length + 1, ts: Math.round(ts), actor, ...e } as CutoverEvent);

  push(START - HOUR, hub, {
    type: 'cutover.created',
    payload: {
      cutover: {
        id: 'c-bench',
        title: 'Orders database to the cloud',
        window: { start: START, end: START + HOURS * HOUR, timeZone: 'Europe/London' },
        isRehearsal: false,
        pointOfNoReturnAt: null,
      },
      runbook: { phases },
    },
  });
  for (const m of crew)
    push(START - HOUR / 2, m, { type: 'member.joined', payload: { member: { ...m, station: m.role === 'operator' ? 'DBA' : '', inviteId: '' } } });
  push(START, crew[0]!, { type: 'cutover.statusChanged', payload: { from: 'draft', to: 'in_progress' } });

  // Steps start and complete in order, each a little late or early; notes fill the rest.
  const stepEvents = STEPS * 2;
  const notes = EVENTS - events.length - stepEvents;
  const notesPerStep = Math.floor(notes / STEPS);
  let extraNotes = notes - notesPerStep * STEPS;
  const severities: NoteSeverity[] = ['info', 'info', 'info', 'issue', 'decision', 'action'];
  for (let n = 0; n < STEPS; n++) {
    const who = crew[1 + (n % (crew.length - 1))]!;
    const start = START + n * minutesPerStep * 60_000 + (rand() - 0.3) * 60_000;
    const end = start + minutesPerStep * 60_000 * (0.6 + rand() * 0.5);
    push(start, who, { type: 'step.started', payload: { stepId: `s${n + 1}` } });
    const count = notesPerStep + (extraNotes-- > 0 ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const at = start + ((end - start) * (k + 1)) / (count + 1);
      push(at, crew[Math.floor(rand() * crew.length)]!, {
        type: 'note.added',
        payload: {
          noteId: `n-${events.length}`,
          text: `Step ${n + 1}: ${Math.round(rand() * 50_000)} rows copied, lag ${Math.round(rand() * 120)} s`,
          severity: severities[Math.floor(rand() * severities.length)]!,
        },
      });
    }
    push(end, who, { type: 'step.completed', payload: { stepId: `s${n + 1}`, ...(n % 10 === 0 ? { note: 'Row counts match' } : {}) } });
  }

  // Samples in batches, not one event per point: lag draining with noise, one point a second.
  const samples: SampleBatch[] = [];
  let points = 0;
  for (let s = 0; s < SERIES; s++) {
    const series = s < 5 ? `replica-${s + 1}.lag_s` : `queue-${s - 4}.depth`;
    for (let first = 0; first < POINTS_PER_SERIES; first += BATCH) {
      const length = Math.min(BATCH, POINTS_PER_SERIES - first);
      const values = Array.from({ length }, (_, i) => {
        const t = (first + i) / POINTS_PER_SERIES;
        return Math.round(Math.max(0, 600 * (1 - t) ** 2 + (rand() - 0.5) * 20) * 10) / 10;
      });
      samples.push({ s: series, t: values.map((_, i) => START + (first + i) * 1000), v: values });
      points += length;
    }
  }
  return { events, samples, points };
}

type Draft = (input: { state: CutoverState; events: readonly CutoverEvent[]; samples?: readonly SampleBatch[] }) => unknown;

/** The postmortem drafter, if shared/postmortem exists yet. */
async function loadDraft(): Promise<Draft | null> {
  const file = join(REPO_ROOT, 'shared', 'postmortem', 'index.ts');
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { draftPostmortem?: Draft };
  return typeof mod.draftPostmortem === 'function' ? mod.draftPostmortem : null;
}

async function main(): Promise<void> {
  const { events, samples, points } = night();
  if (events.length !== EVENTS) throw new Error(`built ${events.length} events, not ${EVENTS}`);
  const t0 = performance.now();
  const text = await encodeArchive({ events, samples, exportedAt: START + HOURS * HOUR, exportedBy: 'bench' });
  const encodeMs = performance.now() - t0;
  console.log(`archive: ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MB, ${samples.length} sample batches, encoded in ${fmt(encodeMs, 0)} ms`);

  const openTimes: number[] = [];
  let opened: { state: CutoverState; events: CutoverEvent[]; samples: SampleBatch[] } | null = null;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await decodeArchive(text);
    openTimes.push(performance.now() - t);
    if (!r.ok) throw new Error(`the bench archive did not open: ${r.error}`);
    opened = { state: r.state, events: r.archive.events, samples: r.archive.samples };
  }

  const draft = await loadDraft();
  const draftTimes: number[] = [];
  if (draft && opened) {
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      draft({ state: opened.state, events: opened.events, samples: opened.samples });
      draftTimes.push(performance.now() - t);
    }
  }
  console.log(`open runs (ms): ${openTimes.map((m) => fmt(m, 0)).join(', ')}; draft runs (ms): ${draftTimes.map((m) => fmt(m, 0)).join(', ') || 'none'}`);
  console.log(`events=${events.length} samples=${points} open_ms=${fmt(median(openTimes), 1)} draft_ms=${draft ? fmt(median(draftTimes), 1) : 'na'}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

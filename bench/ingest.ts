/*
 * Ingest benchmark: a 12-hour night of lag readings pushed through a real hub, and what the
 * hub holds in memory at the end. Prints figures; asserts nothing.
 *
 * Setup: the hub runs in its own Node process (bench/hubServer.ts: durable file journal in a
 * temp dir, 127.0.0.1), so its RSS is its own; it is bundled and started with the flags of
 * `npm run hub`, as a team runs it (bench/lib.ts startChild). A lead client defines --series (10) lag
 * series with a `push` source and warning/critical thresholds; an observer client stays
 * connected and counts the live sample points it is sent (the fan-out is part of the cost).
 * Then --hours (12) of readings at 1 Hz per series (43,200 per series, 432,000 in all) are
 * POSTed to `/api/cutovers/<id>/push` as JSON, --batch (100) seconds per request, from
 * --concurrency (4) pushers, each owning a slice of the series and sending it in time order. Each series is a backlog
 * that builds, plateaus and drains with noise, so thresholds are crossed and alerts recorded
 * as they would be. The readings are stamped from 12 hours ago to now.
 *
 * samples_per_s: readings accepted by the hub over the wall time of all the POSTs.
 * rss_mb: the hub process's resident set size (VmRSS) after the last reading was flushed
 * (the hub keeps every reading in memory at full resolution for charts and the archive).
 *
 * Last line: samples_per_s=… rss_mb=…
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { HubServerInfo, MemoryReport } from './hubServer';
import { live, nodeClient } from '../test/support/hubHarness';
import { fmt, hubNodeFlags, positiveInt, sleep, startChild } from './lib';

const { values } = parseArgs({
  options: { series: { type: 'string' }, hours: { type: 'string' }, batch: { type: 'string' }, concurrency: { type: 'string' } },
});
const SERIES = positiveInt(values.series, 10, 'series');
const HOURS = positiveInt(values.hours, 12, 'hours');
const BATCH = positiveInt(values.batch, 100, 'batch');
const CONCURRENCY = positiveInt(values.concurrency, 4, 'concurrency');
const POINTS = HOURS * 3600;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** A backlog: builds for the first sixth, plateaus, drains over the second half, with noise. */
function valueAt(series: number, i: number): number {
  const x = i / POINTS;
  const peak = 20_000 + series * 3_000;
  const shape = x < 1 / 6 ? x * 6 : x < 0.5 ? 1 : Math.max(0, 1 - (x - 0.5) * 2.2);
  return Math.round(peak * shape + ((i * 7919 + series * 104729) % 1000) - 500);
}

// A night replayed in seconds is far past the per-invite push rate (2,000 readings a second), which is not what this measures.
const hub = await startChild<HubServerInfo>(
  'hubServer.ts',
  ['--data-dir', (await import('node:os')).tmpdir() + `/warroom-ingest-${process.pid}`, '--push-per-second', '1000000000'],
  // HUB_NODE_ARGS: V8 flags to try on the hub besides those it runs with (e.g. "--max-semi-space-size=2"), to see what they do to its memory.
  ['--expose-gc', ...hubNodeFlags(), ...(process.env.HUB_NODE_ARGS ?? '').split(' ').filter(Boolean)],
);
const { url, cutoverId, tokens } = hub.info;
const lead = nodeClient(url, cutoverId, tokens.lead, 'Lena');
const observer = nodeClient(url, cutoverId, tokens.observer, 'Olga');
lead.start();
observer.start();
await Promise.all([live(lead), live(observer)]);
let received = 0;
observer.onSamples((batches, history) => {
  if (!history) for (const b of batches) received += b.v.length;
});
const ids = Array.from({ length: SERIES }, (_, s) => `queue-${s + 1}`);
for (const [s, id] of ids.entries()) {
  await lead.send('series.define', { series: { id, name: `Queue ${s + 1}`, unit: 'count', warning: 15_000, critical: 30_000, source: { kind: 'push' } } }).done;
}
const rssBefore = await rssMb(hub.pid);

const start = Date.now() - POINTS * 1000;
let accepted = 0;
const errors = new Set<string>();
/** One worker per slice of the series, each in time order: a pusher never sends a series backwards. */
async function worker(k: number): Promise<void> {
  const mine = ids.map((_, s) => s).filter((s) => s % CONCURRENCY === k);
  for (let first = 0; first < POINTS; first += BATCH) {
    const samples = [];
    for (let i = first; i < Math.min(POINTS, first + BATCH); i++) {
      for (const s of mine) samples.push({ series: ids[s], value: valueAt(s, i), t: start + i * 1000 });
    }
    const res = await fetch(`${url}/api/cutovers/${cutoverId}/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ samples }),
    });
    const body = (await res.json()) as { accepted: number; errors: string[] };
    accepted += body.accepted;
    for (const e of body.errors) errors.add(e.replace(/"queue-\d+"/, '"queue-N"'));
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, (_, k) => worker(k)));
const seconds = (performance.now() - t0) / 1000;
await sleep(1500); // the last flush and broadcast
const rssAfter = await rssMb(hub.pid);
// What holds it: the hub runs with --expose-gc, so the heap is also measured after a full GC.
const memory = await hub.ask<MemoryReport>('memory');
const alertKinds = new Map<string, number>();
for (const e of lead.events) if (e.type === 'series.alerted') alertKinds.set(e.payload.kind, (alertKinds.get(e.payload.kind) ?? 0) + 1);
const alerts = [...alertKinds].map(([k, n]) => `${n} ${k}`).join(', ') || 'no';

console.log(`hub: ${url}, ${SERIES} series × ${POINTS} readings (${HOURS} h at 1 Hz), ${BATCH} s per request, ${CONCURRENCY} pushers`);
console.log(`accepted ${accepted} of ${POINTS * SERIES} in ${fmt(seconds, 1)} s; the observer was sent ${received} live points; ${alerts} alerts recorded`);
if (errors.size > 0) console.log(`refused (kinds): ${[...errors].slice(0, 3).join(' | ')}`);
console.log(`hub RSS: ${fmt(rssBefore, 1)} MB before, ${fmt(rssAfter, 1)} MB after`);
const mem = (m: Record<string, number> | null) =>
  m
    ? Object.entries(m)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')
    : 'n/a';
console.log(`hub memory (MB): ${mem(memory.now)}; after a full GC: ${mem(memory.afterGc)}`);
lead.stop();
observer.stop();
await hub.stop();
console.log(`samples_per_s=${Math.round(accepted / seconds)} rss_mb=${fmt(rssAfter, 1)}`);

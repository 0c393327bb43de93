import { parseArgs } from 'node:util';
import type { Role } from '@shared/cutover';
import { startHub } from '../electron/hub/hub';
import { SMALL_RUNBOOK, WINDOW_START } from '../test/support/hubHarness';
import { exitWhenParentSaysSo } from './lib';

/*
 * Child process for bench/sync.ts: a real hub (durable file journal in --data-dir) with one
 * cutover. Prints {url, cutoverId, tokens} as one JSON line on stdout, then serves until its
 * stdin closes. The parent owns --data-dir and removes it.
 */
export type HubServerInfo = { url: string; cutoverId: string; tokens: Record<Role, string> };

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'push-per-second': { type: 'string' } } });
const dataDir = values['data-dir'];
if (!dataDir) throw new Error('--data-dir is required');
// bench/ingest.ts replays a whole night in seconds: it raises the per-invite push rate, or it would measure the limiter.
const pushRate = values['push-per-second'] ? Number(values['push-per-second']) : null;

const hub = await startHub({
  dataDir,
  port: 0,
  host: '127.0.0.1',
  log: (m) => process.stderr.write(`[hub] ${m}\n`),
  ...(pushRate ? { pushLimit: { perSecond: pushRate, burst: pushRate } } : {}),
});
const { cutoverId, invites } = await hub.createCutover({
  title: 'Benchmark cutover',
  window: { start: WINDOW_START, end: WINDOW_START + 120 * 60_000, timeZone: 'Europe/London' },
  isRehearsal: false,
  runbook: SMALL_RUNBOOK,
});
const tokens = Object.fromEntries(invites.map((i) => [i.invite.role, i.token])) as Record<Role, string>;
const info: HubServerInfo = { url: hub.url, cutoverId, tokens };
process.stdout.write(`${JSON.stringify(info)}\n`);
exitWhenParentSaysSo(() => hub.close());

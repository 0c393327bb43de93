import type { Hub } from '../electron/hub/hub';

/*
 * `bench:sync --checks N`: N checks running every 10 s beside the commands being timed, as on a
 * night with checks attached to a running verification step. Each reads the hub's own
 * /healthz over HTTP: real I/O through the scheduler, with no database to set up.
 */
export async function addChecks(hub: Hub, cutoverId: string, n: number): Promise<void> {
  const runtime = hub.registry.get(cutoverId)?.runtime;
  if (!runtime || n <= 0) return;
  const lead = { id: 'bench-lead', name: 'Bench Lead', role: 'lead' as const };
  const run = async (id: string, type: string, payload: unknown) => {
    const outcome = await runtime.execute({ id, type, payload } as Parameters<typeof runtime.execute>[0], lead);
    if (!outcome.ok) throw new Error(`${type}: ${outcome.reason}`);
  };
  await run('bench-start', 'cutover.start', {});
  // The runbook's verification step, running: what keeps its checks scheduled.
  await run('bench-verify', 'step.start', { stepId: 'd', force: 'benchmark' });
  for (let i = 0; i < n; i++) {
    await run(`bench-check-${i}`, 'check.define', {
      check: {
        id: `bench-${i}`,
        name: `Health ${i + 1}`,
        intervalSec: 10,
        step: { stepId: 'd', completes: 'person' },
        spec: { kind: 'http', source: { kind: 'http', url: `${hub.url}/healthz`, pointer: '', headers: {}, headerSecrets: {} }, status: 200, compare: null },
      },
    });
  }
}

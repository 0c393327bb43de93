import { HUB_ACTOR } from '@shared/cutover';
import { SeriesConfigSchema, type SeriesConfigInput } from '@shared/metrics';
import type { Hub } from '../hub';

/**
 * The demo's lag, shaped on seed 000: alarms queue while processing is stopped and drain
 * once it restarts; an internal queue drains more slowly behind them.
 */
const DEMO_SERIES: SeriesConfigInput[] = [
  {
    id: 'alarm-queue',
    name: 'Alarm queue',
    unit: 'count',
    intervalSec: 2,
    warning: 20_000,
    critical: 40_000,
    source: { kind: 'simulated', stopStep: 'stop-processing', restartStep: 'restart-processing', inflowPerSec: 20, drainPerSec: 45 },
  },
  {
    id: 'internal-queue',
    name: 'Internal queues',
    unit: 'count',
    intervalSec: 5,
    warning: 10_000,
    critical: null,
    source: { kind: 'simulated', stopStep: 'stop-processing', restartStep: 'restart-processing', inflowPerSec: 8, drainPerSec: 11 },
  },
];

export async function addDemoSeries(hub: Pick<Hub, 'registry'>, cutoverId: string): Promise<void> {
  const cutover = hub.registry.get(cutoverId);
  if (!cutover) return;
  await cutover.runtime.record(
    HUB_ACTOR,
    DEMO_SERIES.map((s) => ({ type: 'series.defined' as const, payload: { series: SeriesConfigSchema.parse(s) } })),
  );
}

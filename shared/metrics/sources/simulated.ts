import { z } from 'zod';
import { IdSchema } from '../../cutover/schema';
import type { KindForm } from './form';

/** The demo's backlog: builds while the runbook's `stopStep` runs, drains after `restartStep` is done. */
export const simulatedConfig = z.object({
  kind: z.literal('simulated'),
  stopStep: IdSchema.optional(),
  restartStep: IdSchema.optional(),
  inflowPerSec: z.number().min(0).max(1e9).default(20),
  drainPerSec: z.number().min(0).max(1e9).default(35),
  noise: z.number().min(0).max(1).default(0.05),
});

export const simulatedForm: KindForm = {
  label: 'Demo (simulated backlog)',
  short: 'Demo',
  polled: false,
  fields: [
    { key: 'stopStep', label: 'Builds up from step', type: 'step' },
    { key: 'restartStep', label: 'Drains after step', type: 'step' },
    { key: 'inflowPerSec', label: 'Inflow per second', type: 'number', initial: '20', half: true },
    { key: 'drainPerSec', label: 'Drain per second', type: 'number', initial: '35', half: true },
    { key: 'noise', label: 'Noise (0–1)', type: 'number', initial: '0.05', half: true },
  ],
};

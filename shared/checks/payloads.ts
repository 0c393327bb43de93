import { z } from 'zod';
import { IdSchema, ReasonSchema } from '../cutover/schema';
import { CheckConfigSchema, CheckResultSchema } from './schema';

/** Commands on a cutover's checks. Results are not commands: the hub records them. */
export const checkCommandPayloads = {
  /**
   * Adds a check, or replaces the one with the same id. `adding`: only adds, refused if the id
   * is taken (the form's "Define a check", whose id comes from the name).
   */
  'check.define': z.object({ check: CheckConfigSchema, adding: z.literal(true).optional() }),
  /** `reason`: asked when the check still guards a step of the night (stepGuardedBy). */
  'check.remove': z.object({ checkId: IdSchema, reason: ReasonSchema.optional() }),
  /** "Run now": the hub runs it at once and records the result, changed or not. */
  'check.run': z.object({ checkId: IdSchema }),
};

export const checkEventPayloads = {
  'check.defined': z.object({ check: CheckConfigSchema }),
  /** `name`: what it was called, for the timeline once it is gone (absent in older journals). */
  'check.removed': z.object({ checkId: IdSchema, name: z.string().optional(), reason: z.string().optional() }),
  /** Someone asked for a run: the hub's scheduler hears it from the journal, so a restart loses no request. */
  'check.requested': z.object({ checkId: IdSchema }),
  'check.evaluated': CheckResultSchema,
};

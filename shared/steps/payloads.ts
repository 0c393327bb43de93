import { z } from 'zod';
import { CheckEvidenceSchema } from '../checks/schema';
import { IdSchema, OptionalNoteSchema, ReasonSchema, RunbookPlanSchema, StepEditSchema, StepPlanSchema, StepStatusSchema } from '../cutover/schema';

const id = IdSchema;
const reason = ReasonSchema;
const optionalNote = OptionalNoteSchema;

/**
 * `seen`: the step as the sender's screen showed it when they acted (its status and the start
 * of its current attempt). A command queued while offline, or sent from a screen that lagged,
 * is refused once the step has moved on: a Done pressed on one attempt must not land on the
 * next. Older clients leave it out.
 */
const SeenStepSchema = z.object({ status: StepStatusSchema, startedAt: z.number().nullable() });
export type SeenStep = z.infer<typeof SeenStepSchema>;
const seen = SeenStepSchema.optional();

/** What a screen shows of a step, as its commands carry it (`seen`). */
export const seenOf = (step: Pick<SeenStep, 'status' | 'startedAt'>): SeenStep => ({ status: step.status, startedAt: step.startedAt });

/** Commands on the runbook and its steps, the point of no return at a step included. */
export const stepCommandPayloads = {
  'runbook.replace': z.object({ runbook: RunbookPlanSchema }),
  'step.add': z.object({ phaseId: id, step: StepPlanSchema, afterStepId: id.optional() }),
  'step.edit': z.object({ stepId: id, changes: StepEditSchema }),
  'step.remove': z.object({ stepId: id }),
  /** Reorders: into `phaseId`, after `afterStepId` there, or first when it is null. */
  'step.move': z.object({ stepId: id, phaseId: id, afterStepId: id.nullable() }),
  /**
   * `cross`: the start of a point of no return says it means to cross it. A GO clears the way,
   * but the click (or the Enter key on a selected row) that crosses it must still be on purpose.
   */
  'step.start': z.object({ stepId: id, force: reason.optional(), cross: z.literal(true).optional(), seen }),
  /** `force`: why the step is done although a check bound to it does not pass. */
  'step.complete': z.object({ stepId: id, note: optionalNote, force: reason.optional(), seen }),
  /** `cross`: skipping the point of no return passes it for good, as starting it does: on purpose only. */
  'step.skip': z.object({ stepId: id, reason, seen, cross: z.literal(true).optional() }),
  'step.fail': z.object({ stepId: id, reason, seen }),
  'step.block': z.object({ stepId: id, reason, seen }),
  'step.reopen': z.object({ stepId: id, reason, seen }),
  /** `writtenAt`: when the person wrote it, in hub time, stamped by the client (see shared/protocol/writtenAt.ts). */
  'step.note': z.object({ stepId: id, text: z.string().trim().min(1).max(4000), writtenAt: z.number().int().nonnegative().optional() }),
  /**
   * Crossing the point of no return without a GO: the approver's (or an allowed lead's)
   * explicit decision, typed out (`confirm` is the word CROSS) and explained.
   */
  /** `after`: the last decision the screen showed as the crossing was asked for (null: none); refused when one came since. */
  'ponr.override': z.object({ stepId: id, confirm: z.string().trim().max(20), reason, after: id.nullable().optional() }),
};

export const stepEventPayloads = {
  'runbook.replaced': z.object({ runbook: RunbookPlanSchema }),
  'step.added': z.object({ phaseId: id, step: StepPlanSchema, index: z.number().int().nonnegative() }),
  'step.edited': z.object({ stepId: id, changes: StepEditSchema }),
  /** `title`: the step's title, for the record once it is gone (absent in older journals). */
  'step.removed': z.object({ stepId: id, title: z.string().optional() }),
  /** `index`: the step's place in the phase once it is there. */
  'step.moved': z.object({ stepId: id, phaseId: id, index: z.number().int().nonnegative() }),
  'step.started': z.object({ stepId: id, forcedReason: z.string().optional() }),
  /** `evidence`: the step's checks as they stood; `forced`: why it was completed over a failing one. */
  'step.completed': z.object({
    stepId: id,
    note: z.string().optional(),
    evidence: z.array(CheckEvidenceSchema).max(50).optional(),
    forced: z.string().optional(),
  }),
  'step.skipped': z.object({ stepId: id, reason: z.string() }),
  'step.failed': z.object({ stepId: id, reason: z.string() }),
  'step.blocked': z.object({ stepId: id, reason: z.string() }),
  'step.reopened': z.object({ stepId: id, reason: z.string() }),
  /** `writtenAt` (optional: older journals have none): when it was written; `ts` is when the hub got it. */
  'step.noted': z.object({ stepId: id, noteId: id, text: z.string(), writtenAt: z.number().optional() }),
  /** The point of no return at this step may be crossed without a GO: a decision of its own. */
  'ponr.overridden': z.object({ overrideId: id, stepId: id, reason: z.string() }),
};

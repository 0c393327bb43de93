import { z } from 'zod';
import { SecretRefSchema } from '../metrics/schema';
import {
  CutoverInfoSchema,
  CutoverStatusSchema,
  IdSchema,
  MaintenanceWindowSchema,
  NoteSeveritySchema,
  OptionalNoteSchema,
  ReasonSchema,
  RunbookPlanSchema,
} from './schema';

const id = IdSchema;

/*
 * The lifecycle's payload schemas come in three groups, not one, because the composed
 * objects in commands.ts and events.ts keep their long-standing key order (which is the
 * order of COMMAND_TYPES): the cutover's own first, timeline notes after the steps', and
 * what the hub records of itself after the polls'.
 */

/** Commands on the cutover itself: its details and its status through the night. */
export const lifecycleCommandPayloads = {
  'cutover.update': z
    .object({
      title: z.string().trim().min(1).max(200).optional(),
      window: MaintenanceWindowSchema.optional(),
      /** A point of no return by the clock (null clears it); a flagged step is the other kind. */
      pointOfNoReturnAt: z.number().int().nonnegative().nullable().optional(),
      /** Set before the night only: see CutoverInfo. */
      leadMayCrossPonr: z.boolean().optional(),
    })
    .refine((p) => p.title !== undefined || p.window !== undefined || p.pointOfNoReturnAt !== undefined || p.leadMayCrossPonr !== undefined, {
      message: 'Nothing to change',
    }),
  'cutover.schedule': z.object({}),
  'cutover.start': z.object({}),
  'cutover.finish': z
    .object({
      outcome: z.enum(['completed', 'rolled_back', 'aborted']),
      reason: OptionalNoteSchema,
      /** The lead saw the steps still pending or running and completes anyway. */
      early: z.boolean().optional(),
    })
    .refine((p) => p.outcome === 'completed' || (p.reason ?? '') !== '', {
      message: 'Rolling back or aborting needs a reason',
      path: ['reason'],
    }),
  /** Undoes a slip of the hand: an ended night runs again, within REOPEN_GRACE_MS of its end. */
  'cutover.reopen': z.object({ reason: ReasonSchema }),
};

/** A note on the cutover's timeline, apart from any step. */
export const noteCommandPayloads = {
  'note.add': z.object({
    text: z.string().trim().min(1).max(4000),
    severity: NoteSeveritySchema.default('info'),
    writtenAt: z.number().int().nonnegative().optional(),
  }),
};

export const secretCommandPayloads = {
  /**
   * Handled by the hub itself: the value goes to the hub's encrypted secrets, and only the
   * name into an event. Clients never keep this command where it could be read back.
   */
  'secret.set': z.object({ name: SecretRefSchema, value: z.string().min(1, 'The secret is empty').max(8000) }),
};

export const lifecycleEventPayloads = {
  'cutover.created': z.object({ cutover: CutoverInfoSchema, runbook: RunbookPlanSchema }),
  'cutover.updated': z.object({
    title: z.string().optional(),
    window: MaintenanceWindowSchema.optional(),
    pointOfNoReturnAt: z.number().nullable().optional(),
    leadMayCrossPonr: z.boolean().optional(),
  }),
  /** `leftUndone`: the steps still pending, blocked or running when the night ended. */
  'cutover.statusChanged': z.object({ from: CutoverStatusSchema, to: CutoverStatusSchema, reason: z.string().optional(), leftUndone: z.array(id).optional() }),
};

export const noteEventPayloads = {
  'note.added': z.object({ noteId: id, text: z.string(), severity: NoteSeveritySchema, writtenAt: z.number().optional() }),
};

/** What the hub records of itself: recoveries, restarts, stored secrets. */
export const hubEventPayloads = {
  /** The hub found a torn last record after a crash and dropped it (it was never acknowledged). */
  'journal.recovered': z.object({ droppedBytes: z.number().int().nonnegative(), atOffset: z.number().int().nonnegative() }),
  /** The hub came back after being away (stopped or crashed): from its last sign of life to its return, hub time. */
  'hub.resumed': z.object({ downFrom: z.number().int().nonnegative(), downUntil: z.number().int().nonnegative() }),
  /** A secret was stored on the hub: its name only, never its value. */
  'secret.stored': z.object({ name: SecretRefSchema }),
};

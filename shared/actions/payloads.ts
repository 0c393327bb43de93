import { z } from 'zod';
import { IdSchema } from '../cutover/schema';
import { ActionFieldsSchema, ActionItemSchema, ActionPrioritySchema, ActionSourceSchema, DueDateSchema, TicketSchema } from './schema';

/** Commands on action items: add one (from a note, a step, or on its own), change it, drop it. */
export const actionCommandPayloads = {
  'action.add': ActionFieldsSchema.extend({ source: ActionSourceSchema.default({ kind: 'review' }) }),
  // Spelled out rather than `.partial()`: a default on a field left out would overwrite what is there.
  'action.edit': z.object({
    actionId: IdSchema,
    title: ActionFieldsSchema.shape.title.optional(),
    owner: ActionFieldsSchema.shape.owner.optional(),
    priority: ActionPrioritySchema.optional(),
    due: DueDateSchema.nullable().optional(),
    ticket: TicketSchema.nullable().optional(),
    done: z.boolean().optional(),
  }),
  'action.remove': z.object({ actionId: IdSchema }),
};

export const actionEventPayloads = {
  /** Carries the whole item: the reducer applies it without checks. */
  'action.added': z.object({ item: ActionItemSchema }),
  'action.edited': z.object({ item: ActionItemSchema }),
  /** `title`: what the item said, for the record once it is gone (absent in older journals). */
  'action.removed': z.object({ actionId: IdSchema, title: z.string().optional() }),
};

import { z } from 'zod';
import { ActorSchema, IdSchema } from '../cutover/schema';

/*
 * An action item: something to do after the night, with someone who owns it. Not a timeline
 * event: a note of kind "action" only says something should be done; an item says who does
 * it, how urgent it is and by when, and it outlives the night (the archive carries the ones
 * added in the review).
 */

export const ActionPrioritySchema = z.enum(['P1', 'P2', 'P3']);
export type ActionPriority = z.infer<typeof ActionPrioritySchema>;
export const ACTION_PRIORITIES = ActionPrioritySchema.options;

/** A calendar day, "2026-05-06": due dates have no hour and no time zone. */
export const DueDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A due date is written YYYY-MM-DD')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, day));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
  }, 'This due date is not a day of the calendar');

/**
 * A ticket link: http or https only. A `javascript:` or `data:` link would run when someone
 * clicks it in the published postmortem.
 */
export const TicketSchema = z
  .string()
  .trim()
  .max(500)
  .refine((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'A ticket link is an http or https address');

/** Where an item came from: a note on the timeline, a step, or the review afterwards. */
export const ActionSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), noteId: IdSchema }),
  z.object({ kind: z.literal('step'), stepId: IdSchema }),
  z.object({ kind: z.literal('review') }),
]);
export type ActionSource = z.infer<typeof ActionSourceSchema>;

/** What a person fills in; the owner is required: an item nobody owns is a wish. */
export const ActionFieldsSchema = z.object({
  title: z.string().trim().min(1, 'An action item needs a title').max(300),
  /** A person or a role ("DBA", "Platform team"): who will do it, not who raised it. */
  owner: z.string().trim().min(1, 'An action item needs an owner: a person or a role').max(80),
  priority: ActionPrioritySchema.default('P2'),
  due: DueDateSchema.nullable().default(null),
  ticket: TicketSchema.nullable().default(null),
});
export type ActionFields = z.infer<typeof ActionFieldsSchema>;

export const ActionItemSchema = ActionFieldsSchema.extend({
  id: IdSchema,
  source: ActionSourceSchema,
  createdBy: ActorSchema,
  createdAt: z.number().int().nonnegative(),
  done: z.boolean().default(false),
});
export type ActionItem = z.infer<typeof ActionItemSchema>;

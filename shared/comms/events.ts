import { z } from 'zod';
import { IdSchema } from '../cutover/schema';
import { BannerStateSchema, CommsConfigSchema, DestinationSchema, TemplateSchema } from './schema';

const messageText = z.string().trim().min(1, 'The message is empty').max(4000);
const bannerText = z.string().trim().max(500).default('');

export const commsCommandPayloads = {
  'comms.configure': z.object({ config: CommsConfigSchema }),
  /** The lead lets one more member send (or takes it back). */
  'comms.allow': z.object({ memberId: IdSchema, allowed: z.boolean() }),
  /**
   * `base`: the crew's saved version of this template as the editor showed it when opened
   * (null: none was saved, the built-in or a new one). A save from an editor opened before
   * someone else's is refused rather than undoing theirs unseen. Absent from older clients.
   */
  'template.save': z.object({ template: TemplateSchema, base: TemplateSchema.nullable().optional() }),
  /** `base`, as for a save: the saved version the editor showed. A change saved since is not undone unseen. */
  'template.remove': z.object({ templateId: IdSchema, base: TemplateSchema.nullable().optional() }),
  'message.send': z.object({
    templateId: IdSchema.optional(),
    text: messageText,
    bannerText,
    state: BannerStateSchema,
    destinations: z.array(DestinationSchema).min(1, 'Choose at least one destination').max(4),
    /** The banner line gives the expected end itself ({{projectedEnd}}): the banner adds no second, live one. */
    bannerNamesEnd: z.boolean().optional(),
    /**
     * The template's words as they stand, filled with tonight's values, not changed by hand: two
     * such sends of one template are one update, whatever figure moved between them.
     */
    unedited: z.literal(true).optional(),
    /**
     * The newest update the sender's screen showed (null: none yet). One sent to the same place
     * by someone else since (queued offline, or a composer left open) would be overtaken by
     * this one, which is refused instead. Absent from older clients.
     */
    after: IdSchema.nullable().optional(),
  }),
  'message.retry': z.object({ messageId: IdSchema, destination: DestinationSchema }),
  'message.cancel': z.object({ messageId: IdSchema, destination: DestinationSchema }),
};

const delivery = { messageId: IdSchema, destination: DestinationSchema };

export const commsEventPayloads = {
  'comms.configured': z.object({ config: CommsConfigSchema }),
  'comms.allowed': z.object({ memberId: IdSchema, allowed: z.boolean() }),
  'template.saved': z.object({ template: TemplateSchema }),
  /** `title`: the template's title, for the record once it is gone (absent in older journals). */
  'template.removed': z.object({ templateId: IdSchema, title: z.string().optional() }),
  'message.requested': z.object({
    messageId: IdSchema,
    templateId: IdSchema.nullable(),
    text: z.string(),
    bannerText: z.string(),
    state: BannerStateSchema,
    destinations: z.array(DestinationSchema),
    bannerNamesEnd: z.boolean().optional(),
    unedited: z.literal(true).optional(),
  }),
  // The rest are recorded by the hub's outbox as it delivers.
  'delivery.sending': z.object({
    ...delivery,
    attempt: z.number().int().positive(),
    /**
     * Slack: where this attempt posts, the thread's ts or null for the channel, so a later
     * attempt looks there for it. Absent for other destinations and in older journals.
     */
    thread: z.string().max(200).nullable().optional(),
  }),
  'delivery.sent': z.object({ ...delivery, providerId: z.string().max(200), permalink: z.string().max(2000).optional() }),
  /** `retryAt` null: the outbox gave up (an error retrying cannot fix, or too many attempts). */
  'delivery.failed': z.object({ ...delivery, attempt: z.number().int().nonnegative(), error: z.string().max(1000), retryAt: z.number().nullable() }),
  'delivery.retried': z.object(delivery),
  'delivery.cancelled': z.object(delivery),
  /** Where a provider keeps this cutover's things: the living Slack message, its thread, the Statuspage incident. */
  'comms.providerRef': z.object({ key: z.enum(['slack.status', 'slack.thread', 'statuspage.incident']), value: z.string().max(200) }),
};

import { z } from 'zod';
import { IdSchema } from '../cutover/schema';
import { SecretRefSchema } from '../metrics/schema';

/*
 * One-click comms. A message is written once (from a template filled with live values)
 * and delivered to each destination chosen; every delivery is recorded as it goes:
 * requested → sending → sent (with the provider's id) or failed (with the error).
 * Credentials stand here only as secret names: the hub resolves them.
 */

export const DestinationSchema = z.enum(['slack', 'banner', 'statuspage', 'webhook']);
export type Destination = z.infer<typeof DestinationSchema>;
export const DESTINATIONS = DestinationSchema.options;

/** What the customers' banner and a status page show; a message moves the night through them. */
export const BannerStateSchema = z.enum(['scheduled', 'in_progress', 'verifying', 'completed', 'rolled_back']);
export type BannerState = z.infer<typeof BannerStateSchema>;

/** The moments of a night a template is written for. */
export const MomentSchema = z.enum(['window_starting', 'processing_paused', 'change_complete', 'delayed', 'rolled_back', 'completed', 'custom']);
export type Moment = z.infer<typeof MomentSchema>;

export const TemplateSchema = z.object({
  id: IdSchema,
  title: z.string().trim().min(1).max(120),
  moment: MomentSchema,
  /** The crew's message (Slack mrkdwn), with `{{variables}}`. */
  text: z.string().trim().min(1).max(4000),
  /** One line for customers (banner, status page), with `{{variables}}`. */
  bannerText: z.string().trim().max(500).default(''),
  state: BannerStateSchema,
  /** Destinations ticked by default when this template is picked. */
  destinations: z.array(DestinationSchema).max(4).default(['slack']),
});
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

const url = z.string().trim().url().max(2000);

/**
 * A webhook's URL is often its credential (a token in its path or query), so it is a hub
 * secret like the signing secret, and the config keeps only its host: where updates go, for
 * the crew to see. The config is in every event and archive.
 */
const WebhookSchema = z.object({
  /** "status.example.com": shown, never used to deliver. */
  host: z.string().trim().min(1).max(255),
  urlSecret: SecretRefSchema,
  signingSecret: SecretRefSchema,
});
/** How journals written before the URL became a secret carry it: still read, refused in a new config. */
const LegacyWebhookSchema = z.object({ url, signingSecret: SecretRefSchema });
export type WebhookConfig = z.infer<typeof WebhookSchema> | z.infer<typeof LegacyWebhookSchema>;

/** A zone name the hub's clock knows ("Europe/London"): a misspelt one would throw when a time is written. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A day: how long the final banner stays up after the night ends unless the lead says otherwise. */
export const DEFAULT_BANNER_KEEP_MIN = 24 * 60;

/**
 * The customers' banner, as the lead sets it. Optional as a whole: configs recorded before
 * it existed (events, snapshots) have none, and read as the defaults (see bannerSettings).
 */
export const BannerSettingsSchema = z.object({
  /** The one zone every time customers read is written in; null: the cutover's own. */
  timeZone: z.string().trim().max(64).refine(isTimeZone, 'Not a time zone: write a name like Europe/London').nullable().default(null),
  /** Minutes the final message stays up after the night ends (0: it comes down at once). */
  keepAfterEndMin: z
    .number()
    .int()
    .min(0)
    .max(14 * 24 * 60)
    .default(DEFAULT_BANNER_KEEP_MIN),
});
export type BannerSettings = z.infer<typeof BannerSettingsSchema>;

export const CommsConfigSchema = z.object({
  slack: z
    .object({
      /** "#cutover", "cutover" or a channel id. */
      channel: z.string().trim().min(1).max(80),
      tokenSecret: SecretRefSchema,
      /** Replies in one thread per cutover rather than the channel itself. */
      threaded: z.boolean().default(false),
      /** One message kept current with the night's status (chat.update). */
      livingStatus: z.boolean().default(true),
      pinStatus: z.boolean().default(false),
    })
    .nullable()
    .default(null),
  statuspage: z
    .object({
      pageId: z.string().trim().min(1).max(64),
      componentIds: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
      apiKeySecret: SecretRefSchema,
      apiBase: url.optional(),
    })
    .nullable()
    .default(null),
  webhook: z.union([WebhookSchema, LegacyWebhookSchema]).nullable().default(null),
  /** Besides comms and the lead, the members the lead allowed to send. */
  senders: z.array(IdSchema).max(100).default([]),
  banner: BannerSettingsSchema.optional(),
});
export type CommsConfig = z.infer<typeof CommsConfigSchema>;
export type CommsConfigInput = z.input<typeof CommsConfigSchema>;

export const DeliveryStatusSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'cancelled']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export type DeliveryState = {
  destination: Destination;
  status: DeliveryStatus;
  attempts: number;
  /** When the hub will try again (failed but retrying), or null. */
  retryAt: number | null;
  lastError: string | null;
  providerId: string | null;
  permalink: string | null;
  updatedAt: number;
  /**
   * Where attempts so far may have posted it, one entry per place, kept through a retry by
   * hand (which starts `attempts` again at 0): before posting again the outbox looks in each.
   * A Slack thread's ts, CHANNEL for the channel itself (and for every other destination),
   * UNRECORDED for an attempt from a journal written before the place was recorded.
   * Absent: never attempted.
   */
  triedIn?: string[];
};

/** In `DeliveryState.triedIn`: an attempt posted in the channel itself, not in a thread. */
export const CHANNEL = '';
/** In `DeliveryState.triedIn`: an attempt from an older journal, which did not record where it posted. */
export const UNRECORDED = '?';

export type MessageState = {
  id: string;
  templateId: string | null;
  text: string;
  bannerText: string;
  /** Its banner line gives the expected end itself: the banner adds no live one beside it (banner.ts). */
  bannerNamesEnd?: true;
  /** Sent as its template has it, filled in, not changed by hand (absent in older journals). */
  unedited?: true;
  state: BannerState;
  requestedAt: number;
  requestedBy: string;
  deliveries: Partial<Record<Destination, DeliveryState>>;
};

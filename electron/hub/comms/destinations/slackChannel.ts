import type { WebClient } from '@slack/web-api';

// Slack ids are upper case with digits (C0123ABCD); channel names are lower case.
const CHANNEL_ID = /^[CGD](?=[A-Z0-9]*\d)[A-Z0-9]{4,}$/;
export const SLACK_EVENT_TYPE = 'warroom_message';
const PAGE_SIZE = 200;
const MAX_PAGES = 50;

/** The channel as configured: what to ask Slack for, and how to name it in a sentence. */
export type ChannelRef = { arg: string; isId: boolean; label: string };

/** "#cutover", "Cutover" and "C0123ABCD" all work; a leading # always means a name. */
export function parseChannel(channel: string): ChannelRef {
  const given = channel.trim();
  const name = given.replace(/^#/, '');
  const isId = !given.startsWith('#') && CHANNEL_ID.test(name);
  const arg = isId ? name : name.toLowerCase();
  return { arg, isId, label: isId ? `channel ${name}` : `#${arg}` };
}

/**
 * The channel's id and whether the bot is in it, or undefined when Slack has none by that
 * name. Names are looked up among public channels only (channels:read is enough); a
 * private channel is given by id.
 */
export async function findChannel(client: WebClient, ref: ChannelRef): Promise<{ id?: string; is_member?: boolean } | undefined> {
  if (ref.isId) return (await client.conversations.info({ channel: ref.arg })).channel;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: PAGE_SIZE, cursor });
    const found = res.channels?.find((c) => c.name === ref.arg);
    cursor = res.response_metadata?.next_cursor || undefined;
    if (found || !cursor) return found;
  }
  return undefined;
}

/**
 * The ts of the message whose metadata carries this outbox id, posted after `sinceMs`;
 * null when there is none, 'unsure' when the history was too long to read to the end.
 * Replies live in their thread, not in channel history, so a thread is read there.
 */
export async function findByOutboxId(
  client: WebClient,
  q: { channel: string; threadTs?: string; outboxId: string; sinceMs: number },
): Promise<string | null | 'unsure'> {
  const base = { channel: q.channel, oldest: (q.sinceMs / 1000).toFixed(6), include_all_metadata: true, limit: PAGE_SIZE };
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const args = { ...base, cursor };
    const res = q.threadTs ? await client.conversations.replies({ ...args, ts: q.threadTs }) : await client.conversations.history(args);
    const hit = res.messages?.find((m) => isOurs(m.metadata, q.outboxId));
    if (hit?.ts) return hit.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return 'unsure';
}

function isOurs(metadata: { event_type?: string; event_payload?: object } | undefined, outboxId: string): boolean {
  if (metadata?.event_type !== SLACK_EVENT_TYPE) return false;
  return (metadata.event_payload as Record<string, unknown> | undefined)?.outbox_id === outboxId;
}

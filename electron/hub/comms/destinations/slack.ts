import { LogLevel, WebClient } from '@slack/web-api';
import type { Block, KnownBlock } from '@slack/web-api';
import { findByOutboxId, findChannel, parseChannel, SLACK_EVENT_TYPE, type ChannelRef } from './slackChannel';
import { platformCode, refusalError, toDeliveryError } from './slackErrors';
import { DeliveryError, type Delivered, type OutboundMessage } from './types';

export { SLACK_EVENT_TYPE };

export type SlackDestinationOptions = {
  /** A bot token (xoxb-…). Held in a private field so it never shows up when the object is logged. */
  token: string;
  /** "#cutover", "cutover", or a channel id like C0123ABCD (the only way to name a private channel). */
  channel: string;
  /** Where the Web API lives; tests point it at a fake on loopback. */
  slackApiUrl?: string;
  /** Post every message as a reply in this thread. */
  threadTs?: string;
  /** Per-request timeout; a hung Slack must fail fast so the outbox can retry. */
  timeoutMs?: number;
};

type Blocks = (KnownBlock | Block)[];

/** How the living status message is named in its metadata, and since when to look for it. */
export type StatusMark = { outboxId: string; cutoverId: string; sinceMs: number };

export class SlackDestination {
  readonly #token: string;
  readonly #client: WebClient;
  readonly #channel: ChannelRef;
  readonly #threadTs: string | undefined;
  #channelId: string | undefined;
  #botName: string | undefined;
  /** The channel as the crew knows it, for sentences: "#cutover" or "channel C0123ABCD". */
  readonly channelLabel: string;

  constructor(opts: SlackDestinationOptions) {
    this.#token = opts.token;
    // The outbox owns retries and their timing, so the client must fail at once and tell us why.
    this.#client = new WebClient(opts.token, {
      slackApiUrl: opts.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: opts.timeoutMs ?? 10_000,
      logLevel: LogLevel.ERROR,
    });
    this.#channel = parseChannel(opts.channel);
    this.channelLabel = this.#channel.label;
    this.#threadTs = opts.threadTs;
  }

  /** Prove the token, the channel and history access before the night needs them. */
  async check(): Promise<{ team: string; botUser: string; channelId: string }> {
    const auth = await this.call(() => this.#client.auth.test());
    this.#botName = auth.user;
    const scopes = auth.response_metadata?.scopes;
    if (scopes && !scopes.includes('chat:write')) {
      throw new DeliveryError('The Slack app lacks the chat:write scope: add it under OAuth & Permissions, reinstall, and paste the new token.', false);
    }
    const channelId = await this.resolveChannel(true);
    // findPosted reads history after a crash; a missing history scope must show up now, not then.
    await this.call(() => this.#client.conversations.history({ channel: channelId, limit: 1 }));
    return { team: auth.team ?? '', botUser: auth.user ?? '', channelId };
  }

  async post(msg: OutboundMessage): Promise<Delivered> {
    const channel = await this.resolveChannel();
    const res = await this.call(() =>
      this.#client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks as Blocks | undefined,
        thread_ts: this.#threadTs,
        // Only ids: metadata is readable by anyone in the channel.
        metadata: { event_type: SLACK_EVENT_TYPE, event_payload: { outbox_id: msg.outboxId, cutover_id: msg.cutoverId } },
      }),
    );
    // Without a ts we cannot tell the crew where it went, but it was posted: retrying would double it.
    if (!res.ts) throw new DeliveryError('Slack accepted the message but sent back no timestamp.', false);
    return { providerId: `${channel}:${res.ts}`, permalink: await this.permalink(channel, res.ts) };
  }

  /** After a crash between sending and recording: was this outbox message posted already? */
  async findPosted(outboxId: string, sinceMs: number): Promise<Delivered | null> {
    const channel = await this.resolveChannel();
    const ts = await this.call(() => findByOutboxId(this.#client, { channel, threadTs: this.#threadTs, outboxId, sinceMs }));
    // Not sure either way: a person decides rather than risk posting twice.
    if (ts === 'unsure')
      throw new DeliveryError(`Too many messages in ${this.channelLabel} to check whether this one was posted: not posting it again.`, false);
    return ts ? { providerId: `${channel}:${ts}`, permalink: await this.permalink(channel, ts) } : null;
  }

  /**
   * The living status message: edit it in place, or post it anew when it is gone. `mark` names
   * it in its metadata, as an update's outbox id does: with no ts on record, the channel is
   * looked at first, so a post that reached Slack but whose answer did not (a timeout, a crash
   * before the ts was recorded) is edited, not followed by a second status message.
   */
  async upsertStatus(existingTs: string | null, text: string, blocks?: unknown[], mark?: StatusMark): Promise<{ ts: string }> {
    const channel = await this.resolveChannel();
    const content = { channel, text, blocks: blocks as Blocks | undefined };
    const edit = async (ts: string): Promise<{ ts: string } | null> => {
      try {
        const res = await this.#client.chat.update({ ...content, ts });
        return { ts: res.ts ?? ts };
      } catch (err) {
        if (platformCode(err) !== 'message_not_found') throw toDeliveryError(err, this.context());
        return null;
      }
    };
    const edited = existingTs ? await edit(existingTs) : null;
    if (edited) return edited;
    // 'unsure' (a channel too long to read back): a second status message is the lesser harm than none.
    const posted =
      !existingTs && mark ? await this.call(() => findByOutboxId(this.#client, { channel, outboxId: mark.outboxId, sinceMs: mark.sinceMs })) : null;
    const found = posted && posted !== 'unsure' ? await edit(posted) : null;
    if (found) return found;
    const metadata = mark ? { metadata: { event_type: SLACK_EVENT_TYPE, event_payload: { outbox_id: mark.outboxId, cutover_id: mark.cutoverId } } } : {};
    const res = await this.call(() => this.#client.chat.postMessage({ ...content, ...metadata }));
    if (!res.ts) throw new DeliveryError('Slack accepted the status message but sent back no timestamp.', false);
    return { ts: res.ts };
  }

  async pin(ts: string): Promise<void> {
    const channel = await this.resolveChannel();
    try {
      await this.#client.pins.add({ channel, timestamp: ts });
    } catch (err) {
      if (platformCode(err) !== 'already_pinned') throw toDeliveryError(err, this.context());
    }
  }

  /** A channel id, found once: update, history and pins accept only ids. */
  private async resolveChannel(fresh = false): Promise<string> {
    if (this.#channelId && !fresh) return this.#channelId;
    const found = await this.call(() => findChannel(this.#client, this.#channel));
    if (!found?.id) throw refusalError('channel_not_found', this.context());
    // Membership is what lets the bot read history back (findPosted), not just post.
    if (found.is_member === false) {
      await this.learnBotName();
      throw refusalError('not_in_channel', this.context());
    }
    this.#channelId = found.id;
    return found.id;
  }

  private async permalink(channel: string, ts: string): Promise<string | undefined> {
    // The message is delivered either way; a missing link must not turn that into a failure.
    try {
      return (await this.#client.chat.getPermalink({ channel, message_ts: ts })).permalink;
    } catch {
      return undefined;
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (platformCode(err) === 'not_in_channel') await this.learnBotName();
      throw toDeliveryError(err, this.context());
    }
  }

  /** "/invite @warroom" is a fix someone can type; "/invite the bot" is not. Best effort. */
  private async learnBotName(): Promise<void> {
    if (this.#botName) return;
    this.#botName = await this.#client.auth.test().then(
      (a) => a.user,
      () => undefined,
    );
  }

  private context() {
    return { channelLabel: this.channelLabel, botName: this.#botName, token: this.#token };
  }
}

import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { DeliveryError, networkReason, redact } from './types';

/** What a sentence about a Slack failure may mention: the channel as the crew typed it, and the bot's name. */
export type SlackErrorContext = { channelLabel: string; botName?: string; token: string };

/** Slack's platform errors that retrying cannot fix, each with what to do about it. */
function refusal(error: string, needed: unknown, ctx: SlackErrorContext): string | undefined {
  const bot = ctx.botName ? `@${ctx.botName}` : 'the Warroom bot';
  switch (error) {
    case 'invalid_auth':
    case 'not_authed':
      return `Slack refused the token (${error}): paste a bot token that starts with xoxb-.`;
    case 'account_inactive':
    case 'token_revoked':
      return `Slack says the token no longer works (${error}): reinstall the Slack app and paste the new bot token.`;
    case 'missing_scope': {
      const scope = typeof needed === 'string' ? `the ${needed} scope` : 'a scope it needs';
      return `The Slack app lacks ${scope}: add it under OAuth & Permissions, reinstall, and paste the new token.`;
    }
    case 'channel_not_found':
      return `Slack cannot find ${ctx.channelLabel}: check the name, or paste the channel id (C…) for a private channel.`;
    case 'not_in_channel':
      return `The bot is not in ${ctx.channelLabel}: invite it with /invite ${bot}.`;
    case 'is_archived':
      return `${ctx.channelLabel} is archived: pick another channel.`;
    default:
      return undefined;
  }
}

/** A refusal we detect ourselves (a channel not found in the list, a bot not in it), worded as Slack's would be. */
export function refusalError(error: 'channel_not_found' | 'not_in_channel', ctx: SlackErrorContext): DeliveryError {
  return new DeliveryError(refusal(error, undefined, ctx) ?? error, false);
}

const RETRYABLE_PLATFORM = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Turn anything the WebClient throws into a DeliveryError the outbox can act on. */
export function toDeliveryError(err: unknown, ctx: SlackErrorContext): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof WebAPIRateLimitedError) {
    return new DeliveryError(`Slack is rate limiting us: retrying in ${err.retryAfter}s.`, true, err.retryAfter * 1000);
  }
  if (err instanceof WebAPIHTTPError) {
    // Slack answers 200 for its own errors; anything else is the edge or the network.
    const retryable = err.statusCode >= 500 || err.statusCode === 408;
    return new DeliveryError(`Slack answered HTTP ${err.statusCode}${retryable ? ': will retry.' : '.'}`, retryable);
  }
  if (err instanceof WebAPIRequestError) {
    const { timedOut, reason } = networkReason(err.original);
    return new DeliveryError(timedOut ? 'Slack did not answer in time: will retry.' : `Could not reach Slack (${reason}): will retry.`, true);
  }
  if (err instanceof WebAPIPlatformError) {
    const sentence = refusal(err.data.error, (err.data as { needed?: unknown }).needed, ctx);
    if (sentence) return new DeliveryError(sentence, false);
    const retryable = RETRYABLE_PLATFORM.has(err.data.error);
    return new DeliveryError(`Slack said ${redact(err.data.error.slice(0, 80), ctx.token)}${retryable ? ': will retry.' : '.'}`, retryable);
  }
  const text = err instanceof Error ? err.message : String(err);
  return new DeliveryError(`Slack delivery failed unexpectedly: ${redact(text, ctx.token)}`, false);
}

/** The platform error code of a WebClient failure, to special-case one (message_not_found, already_pinned). */
export function platformCode(err: unknown): string | undefined {
  return err instanceof WebAPIPlatformError ? err.data.error : undefined;
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeliveryError, networkReason, retryAfterMs, type Delivered, type OutboundMessage } from './types';

export type WebhookOptions = {
  /** Never shown in errors: webhook URLs often carry a token of their own. */
  url: string;
  secret: string;
  /** Epoch ms; injectable so tests can sign in the past. */
  now?: () => number;
  timeoutMs?: number;
};

export const SIGNATURE_HEADER = 'x-warroom-signature';
export const TIMESTAMP_HEADER = 'x-warroom-timestamp';

/** `v1=` and the hex HMAC-SHA256 of "timestamp.body": the timestamp is signed so a replay cannot be re-dated. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers: true when `header` holds a valid v1 signature of this exact body and the
 * timestamp (unix seconds) is within `toleranceSec` of `nowMs`. Several comma-separated
 * signatures are accepted, so a secret can be rotated without dropping messages.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  header: string | null | undefined,
  nowMs: number,
  toleranceSec = 300,
): boolean {
  const ts = Number(timestamp);
  if (!header || !Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > toleranceSec) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  return header.split(/[,\s]+/).some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** The host for sentences; a URL we cannot parse is a set-up mistake, not something to retry. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new DeliveryError('The webhook URL is not a valid URL: paste the full https:// address.', false);
  }
}

export class WebhookDestination {
  readonly #url: string;
  readonly #secret: string;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  /** The host alone, for sentences. */
  readonly host: string;

  constructor(opts: WebhookOptions) {
    this.#url = opts.url;
    this.#secret = opts.secret;
    this.#now = opts.now ?? Date.now;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.host = hostOf(opts.url);
  }

  async deliver(msg: OutboundMessage): Promise<Delivered> {
    const sentAtMs = this.#now();
    const timestamp = Math.floor(sentAtMs / 1000);
    const { outboxId, cutoverId, cutoverTitle, text, bannerText, state } = msg;
    const body = JSON.stringify({ outboxId, cutoverId, cutoverTitle, text, bannerText, state, sentAt: new Date(sentAtMs).toISOString() });
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(this.#secret, timestamp, body),
          // Retries carry the same key, so a receiver can drop the repeat.
          'idempotency-key': outboxId,
        },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
        // A redirect would turn the POST into a GET somewhere else; the URL must be the final one.
        redirect: 'manual',
      });
    } catch (err) {
      const { timedOut, reason } = networkReason(err);
      throw new DeliveryError(
        timedOut ? `The webhook at ${this.host} did not answer in time: will retry.` : `Could not reach the webhook at ${this.host} (${reason}): will retry.`,
        true,
      );
    }
    await res.arrayBuffer().catch(() => undefined); // free the connection; the body is not ours to read
    const s = res.status;
    if (s >= 200 && s < 300) return { providerId: res.headers.get('x-request-id') ?? outboxId };
    if (s >= 300 && s < 400) throw new DeliveryError(`The webhook at ${this.host} redirects (HTTP ${s}): paste the final URL.`, false);
    if (s === 401 || s === 403)
      throw new DeliveryError(`The webhook at ${this.host} refused our signature (HTTP ${s}): check that both sides have the same secret.`, false);
    if (s === 408 || s === 429) {
      const wait = retryAfterMs(res.headers.get('retry-after'), this.#now());
      throw new DeliveryError(`The webhook at ${this.host} asked us to slow down (HTTP ${s}): will retry.`, true, wait);
    }
    if (s >= 500) throw new DeliveryError(`The webhook at ${this.host} failed (HTTP ${s}): will retry.`, true);
    throw new DeliveryError(`The webhook at ${this.host} rejected the message (HTTP ${s}).`, false);
  }
}

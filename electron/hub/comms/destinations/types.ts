/** The states a cutover moves through, as customers and Slack hear about them. */
export type CutoverCommsState = 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'rolled_back';

/** One message for one destination, as the outbox hands it over. */
export type OutboundMessage = {
  /** Unique per message and destination: Slack metadata carries it, webhooks send it as the idempotency key. */
  outboxId: string;
  cutoverId: string;
  cutoverTitle: string;
  /** The Slack text (mrkdwn), also the fallback text when blocks are given. */
  text: string;
  /** Block Kit blocks if the caller built them; passed through as given. */
  blocks?: unknown[];
  /** A short customer-facing line. */
  bannerText: string;
  state: CutoverCommsState;
};

/** What the provider gave back: its id for the message, and a link when it has one. */
export type Delivered = { providerId: string; permalink?: string };

/**
 * A failure with what the outbox needs to decide: retry (and when) or give up. The message
 * is a sentence for the crew at 2 AM and never carries a token, key or secret.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /**
   * The sentence without what the outbox will do about it (": will retry.", "retrying in 30s"):
   * what a "Test" says, since a test is not retried. A wait Slack or a webhook asked for stays.
   */
  get reason(): string {
    return this.message.replace(/: will retry\.$/, '.').replace(/: retrying in (\d+) ?s\.$/, ': try again in $1 s.');
  }
}

/** Defence in depth: whatever text we build from a foreign error, the secret never survives it. */
export function redact(text: string, ...secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}

/** Retry-After is seconds or an HTTP date; answer milliseconds, or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Why a fetch never got an answer, in words: a timeout, or the network's own code. */
export function networkReason(err: unknown): { timedOut: boolean; reason: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { timedOut: true, reason: 'timed out' };
  const cause = (e as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return { timedOut: false, reason: code ?? 'network error' };
}

import { SourceError } from './source';

/*
 * Every failure reaches the crew as one short sentence. These helpers turn a library's error
 * into one, and make sure no credential survives into it: the URL's user info is stripped,
 * and every secret value the source resolved is blotted out as a last line of defence.
 */

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection reset by the server',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT)/;
const SECRET_PARAMS =
  /^(password|passwd|pwd|pass|token|access_token|api[-_]?key|key|secret|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)$/i;
const MAX_MESSAGE = 240;

/** The URL without user info or secret-looking query parameters, fit to show. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return scrubText(url, []);
  }
}

/** A URL, or a sentence saying it is not one (never echoing it: it may hold credentials). */
export function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new SourceError('the URL is not valid');
  }
}

/** "host:port" of a URL, for network errors; never its user info. */
export function endpointOf(url: string, defaultPort: number): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || defaultPort}`;
  } catch {
    return 'the configured address';
  }
}

/** Removes URL user info, `password=…`-style pairs, and the given secret values from a text. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1')
    .replace(/\b(password|passwd|pwd|token|secret|api[-_]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,)\]}]+)/gi, '$1$2***');
  // Longest first, so a secret that contains another is blotted out whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join('***');
  return out;
}

/** `code` of an error, its cause, and the errors of an AggregateError (Node tries ::1 and 127.0.0.1). */
export function errorCodes(err: unknown, depth = 0): string[] {
  if (depth > 4 || typeof err !== 'object' || err === null) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x: unknown) => errorCodes(x, depth + 1)) : [];
  return [...own, ...errorCodes(e.cause, depth + 1), ...nested];
}

/** "connection refused (127.0.0.1:5432)" and its kin, or undefined when the error is not a network one. */
export function networkReason(err: unknown, target: string): string | undefined {
  const codes = errorCodes(err);
  for (const code of codes) if (NETWORK[code]) return `${NETWORK[code]} (${target})`;
  if (codes.some((c) => TLS_CODES.test(c))) return `TLS handshake failed: the server's certificate was rejected (${target})`;
  return undefined;
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : typeof err === 'string' ? err : 'unknown error');

/** The sentence a failed read reports. */
export function toSourceError(err: unknown, target: string, secrets: readonly string[], explain?: (err: unknown) => string | undefined): SourceError {
  const invalidUrl = errorCodes(err).includes('ERR_INVALID_URL') ? 'the URL is not valid' : undefined;
  const raw =
    err instanceof SourceError
      ? err.message
      : (explain?.(err) ?? invalidUrl ?? networkReason(err, target) ?? (messageOf(err).split('\n')[0] || 'unknown error'));
  const clean = scrubText(raw, secrets).trim();
  return new SourceError(clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE - 1)}…` : clean);
}

/** "timed out after 5 s": the elapsed time, since an AbortSignal does not tell its own timeout. */
export function timedOut(elapsedMs: number): SourceError {
  const s = elapsedMs / 1000;
  return new SourceError(`timed out after ${s >= 10 ? Math.round(s) : Number(s.toFixed(1))} s`);
}

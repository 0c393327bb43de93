import { redactUrl } from './errors';
import { SourceError } from './source';

/** How much of a body we read: an exporter's answer is small, and a runaway one must not fill memory. */
const MAX_BODY = 4 * 1024 * 1024;

export type JsonReply = { status: number; body: unknown };

async function readBounded(res: Response): Promise<string> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const body = res.body.getReader();
  for (let part = await body.read(); !part.done; part = await body.read()) {
    size += part.value.byteLength;
    if (size > MAX_BODY) {
      await body.cancel().catch(() => undefined);
      throw new SourceError('the answer is larger than 4 MB');
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GET a URL and parse its JSON body. Network errors propagate (the reader words them); a bad
 * status or a body that is not JSON is a sentence. `accept` says which statuses carry a body
 * worth parsing (Prometheus explains a bad query in a 400's body).
 */
export async function getJson(
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  accept: (status: number) => boolean = (s) => s >= 200 && s < 300,
): Promise<JsonReply> {
  const target = new URL(url);
  const auth: Record<string, string> = {};
  // fetch refuses a URL with user info (and names it in its error): send it as Basic auth instead.
  if (target.username || target.password) {
    auth.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  const res = await fetch(target, { headers: { accept: 'application/json', ...auth, ...headers }, signal });
  if (!accept(res.status)) {
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 401 || res.status === 403) throw new SourceError(`authentication failed (HTTP ${res.status})`);
    throw new SourceError(`the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} (${redactUrl(target.toString())})`);
  }
  const text = await readBounded(res);
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new SourceError(`the answer is not JSON (HTTP ${res.status}, ${res.headers.get('content-type') ?? 'no content type'})`);
  }
}

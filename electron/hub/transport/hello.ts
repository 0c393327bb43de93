import { formatIssues } from '@shared/cutover';
import { HelloSchema, PROTOCOL_VERSION, type Hello } from '@shared/protocol';

export type FirstFrame = { ok: true; hello: Hello } | { ok: false; reason: string };

/**
 * Reads a socket's first frame, which must be a hello. Anything else closes the socket with
 * 4400 and this reason: a client that opens with something else is broken, and an error
 * frame followed by a hello timeout would only make it wait 10 s to learn less. A client
 * of another protocol version is told which one this hub speaks.
 */
export function readHello(text: string | null): FirstFrame {
  if (text === null) return { ok: false, reason: 'The first message must be a hello; this one is binary' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The first message must be a hello; this one is not valid JSON' };
  }
  const fields = typeof json === 'object' && json !== null ? (json as { t?: unknown; protocol?: unknown }) : {};
  if (fields.t !== 'hello') return { ok: false, reason: 'The first message must be a hello' };
  if (typeof fields.protocol === 'number' && fields.protocol !== PROTOCOL_VERSION) {
    return { ok: false, reason: `This hub speaks protocol ${PROTOCOL_VERSION}, not ${fields.protocol}: update the app` };
  }
  const parsed = HelloSchema.safeParse(json);
  if (parsed.success) return { ok: true, hello: parsed.data };
  // A name refused is a person's doing, not a broken client: they are told the sentence alone.
  const [only, ...more] = parsed.error.issues;
  if (only && more.length === 0 && only.path[0] === 'name' && only.code === 'too_big') return { ok: false, reason: only.message };
  return { ok: false, reason: `The hello is malformed: ${formatIssues(parsed.error)}` };
}

/** A close reason must fit in 123 bytes of UTF-8; cut by code points, so no character is split. */
export function fitCloseReason(reason: string): string {
  const chars = [...reason.slice(0, 123)];
  while (Buffer.byteLength(chars.join('')) > 123) chars.pop();
  return chars.join('');
}

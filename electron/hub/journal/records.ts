import { crc32 } from 'node:zlib';
import type { PendingSums } from './checksumsAside';

/*
 * One journal line: {"c":"<crc32 hex>","r":<event JSON>}\n
 * The checksum covers the event JSON byte for byte, and the fixed-width prefix lets the
 * reader cut that JSON out of the line without re-serialising it. Each line is still
 * plain JSON, so `jq` reads a journal as it is.
 */
export const PREFIX_LEN = '{"c":"00000000","r":'.length;

export const hex = (sum: number): string => sum.toString(16).padStart(8, '0');

export const checksum = (raw: string): string => hex(crc32(raw));

export const encodeRecord = (raw: string): string => `{"c":"${checksum(raw)}","r":${raw}}\n`;

const RECORD_HEAD = Buffer.from('{"c":"');
const RAW_HEAD = Buffer.from('","r":');

/**
 * Checks the line `buf[start, end)` (without its newline) where it lies, as bytes: framing
 * and checksum, nothing decoded. Opening a long night does this once per event, so it makes
 * no string at all; the event's JSON is `buf[start + PREFIX_LEN, end - 1)`. With `pending`,
 * the checksum is not taken but listed there with the one the line states (`sum` is then -1).
 */
export function checkRecordBytes(
  buf: Buffer,
  start: number,
  end: number,
  pending: PendingSums | null = null,
): { ok: true; sum: number } | { ok: false; problem: string } {
  if (end - start <= PREFIX_LEN || !bytesAt(buf, start, RECORD_HEAD) || !bytesAt(buf, start + 14, RAW_HEAD) || buf[end - 1] !== 125) {
    return { ok: false, problem: 'not a journal record' };
  }
  const stated = readHex8(buf, start + 6);
  if (pending && stated >= 0) {
    pending.push(start + PREFIX_LEN, end - 1, stated);
    return { ok: true, sum: -1 };
  }
  const sum = crc32(buf.subarray(start + PREFIX_LEN, end - 1));
  if (stated !== sum) return { ok: false, problem: 'checksum mismatch' };
  return { ok: true, sum };
}

/** Eight lowercase hex digits at `at` as a number, or -1 if they are not that. */
function readHex8(buf: Buffer, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    const c = buf[i]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

export type ParsedRaw = { ok: true; seq: number; event: Record<string, unknown> } | { ok: false; problem: string };

/** Parses an event's JSON (its checksum already held) and finds its seq. */
export function parseRaw(raw: string): ParsedRaw {
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'record is not valid JSON' };
  }
  if (typeof event !== 'object' || event === null) return { ok: false, problem: 'record is not an object' };
  const seq = (event as { seq?: unknown }).seq;
  if (typeof seq !== 'number') return { ok: false, problem: 'record has no seq' };
  return { ok: true, seq, event: event as Record<string, unknown> };
}

/**
 * The seq of an event as the hub serialises it (`{"v":1,"seq":42,…`), read without parsing
 * the JSON: opening from a snapshot checks the events it covers this way, which is most of
 * the journal. Null when the event is laid out otherwise; the caller then parses it.
 */
export function leadingSeq(raw: string): number | null {
  if (!raw.startsWith('{"v":')) return null;
  let i = 5;
  while (i < raw.length && raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57) i++;
  if (i === 5 || !raw.startsWith(',"seq":', i)) return null;
  const from = (i += 7);
  let seq = 0;
  for (; i < raw.length && raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57 && i - from < 15; i++) seq = seq * 10 + raw.charCodeAt(i) - 48;
  return i > from && raw.charCodeAt(i) === 44 ? seq : null; // digits, then the comma before "ts"
}

/** `leadingSeq` on the event JSON at `buf[start, end)`, read in place. */
export function leadingSeqAt(buf: Buffer, start: number, end: number): number | null {
  if (end - start < 5 || !bytesAt(buf, start, V_HEAD)) return null;
  let i = start + 5;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) i++;
  if (i === start + 5 || end - i < 7 || !bytesAt(buf, i, SEQ_HEAD)) return null;
  const from = (i += 7);
  let seq = 0;
  for (; i < end && buf[i]! >= 48 && buf[i]! <= 57 && i - from < 15; i++) seq = seq * 10 + buf[i]! - 48;
  return i > from && i < end && buf[i] === 44 ? seq : null;
}
const V_HEAD = Buffer.from('{"v":');
const SEQ_HEAD = Buffer.from(',"seq":');

/** Whether `buf` holds `bytes` at `at` (a few bytes: cheaper in place than a call into Buffer.compare). */
function bytesAt(buf: Buffer, at: number, bytes: Buffer): boolean {
  if (at + bytes.length > buf.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
  return true;
}

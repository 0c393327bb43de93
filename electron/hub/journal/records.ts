import { crc32 } from 'node:zlib';

/*
 * One journal line: {"c":"<crc32 hex>","r":<event JSON>}\n
 * The checksum covers the event JSON byte for byte, and the fixed-width prefix lets the
 * reader cut that JSON out of the line without re-serialising it. Each line is still
 * plain JSON, so `jq` reads a journal as it is.
 */
const PREFIX_LEN = '{"c":"00000000","r":'.length;

export const checksum = (raw: string): string => crc32(raw).toString(16).padStart(8, '0');

export const encodeRecord = (raw: string): string => `{"c":"${checksum(raw)}","r":${raw}}\n`;

export type DecodedRecord = { ok: true; raw: string; seq: number; event: Record<string, unknown> } | { ok: false; problem: string };

/** Decodes one complete line (without its newline) and verifies it. */
export function decodeRecord(line: string): DecodedRecord {
  if (!line.startsWith('{"c":"') || line.slice(14, PREFIX_LEN) !== '","r":' || !line.endsWith('}')) {
    return { ok: false, problem: 'not a journal record' };
  }
  const raw = line.slice(PREFIX_LEN, -1);
  if (checksum(raw) !== line.slice(6, 14)) return { ok: false, problem: 'checksum mismatch' };
  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'record is not valid JSON' };
  }
  if (typeof event !== 'object' || event === null) return { ok: false, problem: 'record is not an object' };
  const seq = (event as { seq?: unknown }).seq;
  if (typeof seq !== 'number') return { ok: false, problem: 'record has no seq' };
  return { ok: true, raw, seq, event: event as Record<string, unknown> };
}

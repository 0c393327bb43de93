import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../storage/atomicWrite';
import { hex, parseRaw, PREFIX_LEN } from './records';

/** What the bytes after the last newline hold. */
export type TailVerdict =
  /** `keep` bytes form the next record (its newline damaged or lost); the rest may be cut. */
  | { keep: number; raw: string; sum: number; event: Record<string, unknown> }
  /** No complete record: all of it is a torn write, never acknowledged. */
  | { keep: 0 }
  /** A complete record that does not follow on: not a torn write, so nothing may be cut. */
  | { problem: string };

const RECORD_START = Buffer.from('{"c":"');
const RAW_START = Buffer.from('","r":');

/**
 * Looks for a complete record at the start of the tail. A record whose checksum holds was
 * written whole and may have been acknowledged, so only the bytes after it may be cut, even
 * when its newline is missing or damaged. The checksum is carried along the bytes as each
 * closing brace is tried, so this is linear in the tail's length.
 */
export function judgeTail(tail: Buffer, expectedSeq: number): TailVerdict {
  if (tail.length <= PREFIX_LEN + 1 || !tail.subarray(0, 6).equals(RECORD_START) || !tail.subarray(14, PREFIX_LEN).equals(RAW_START)) return { keep: 0 };
  const stored = tail.toString('latin1', 6, 14);
  let sum = 0;
  let from = PREFIX_LEN;
  for (let close = tail.indexOf(0x7d, PREFIX_LEN + 1); close !== -1; close = tail.indexOf(0x7d, close + 1)) {
    // The record would end at `close`; its event JSON is everything between the prefix and it.
    sum = crc32(tail.subarray(from, close), sum);
    from = close;
    if (hex(sum) !== stored) continue;
    const raw = tail.toString('utf8', PREFIX_LEN, close);
    const parsed = parseRaw(raw);
    if (!parsed.ok) return { problem: parsed.problem };
    if (parsed.seq !== expectedSeq) return { problem: `expected seq ${expectedSeq}, found ${parsed.seq}` };
    return { keep: close + 1, raw, sum, event: parsed.event };
  }
  return { keep: 0 };
}

/**
 * Cuts the journal at `cutAt`, as etcd's WAL repair does: the bytes cut are first kept
 * beside it (`journal.jsonl.torn-<offset>`, durable), then the file is truncated. A kept
 * record that lost its newline gets it back.
 */
export async function repairTail(path: string, cutAt: number, cut: Buffer, restoreNewline: boolean): Promise<void> {
  if (cut.length > 0) await writeFileAtomic(`${path}.torn-${cutAt}`, cut);
  const fh = await open(path, 'r+');
  try {
    await fh.truncate(cutAt);
    if (restoreNewline) await fh.write('\n', cutAt);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

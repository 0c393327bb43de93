import { crc32 } from 'node:zlib';
import type { CutoverState } from '@shared/cutover';
import type { CommandIndex, Snapshot } from './eventStore';
import { checksum, hex } from './records';

/*
 * snapshot.json: {"format":2,"seq":N,"chain":"<8 hex>","sum":"<8 hex>","body":{"state":…,"commands":…}}
 * `chain` ties it to the journal (the running CRC of the checksums of records 1..N) and
 * `sum` is the CRC-32 of the body's bytes. The header holds only numbers and hex, so the
 * first `,"body":` ends it and the body is checked byte for byte without re-serialising.
 * Version 1 (`{seq, state}`, no checks) is never trusted: it is discarded and the journal folded.
 */
export const SNAPSHOT_FORMAT = 2;
const BODY_MARK = Buffer.from(',"body":');
const HEX8 = /^[0-9a-f]{8}$/;

export function encodeSnapshot(seq: number, chain: string, state: CutoverState, commands: CommandIndex): string {
  const body = JSON.stringify({ state, commands });
  return `{"format":${SNAPSHOT_FORMAT},"seq":${seq},"chain":"${chain}","sum":"${checksum(body)}","body":${body}}`;
}

/** A snapshot file whose header reads; nothing in it is verified yet. */
export type SnapshotCandidate = { seq: number; chain: string; sum: string; body: Buffer };

export function readCandidate(file: Buffer): SnapshotCandidate | { problem: string } {
  const mark = file.indexOf(BODY_MARK);
  if (mark < 0 || file[file.length - 1] !== 0x7d) {
    // Version 1 was JSON.stringify({seq, state}).
    return { problem: file.toString('latin1', 0, 7) === '{"seq":' ? 'is of an older format (no checksums)' : 'is not a snapshot' };
  }
  let header: { format?: unknown; seq?: unknown; chain?: unknown; sum?: unknown };
  try {
    header = JSON.parse(file.toString('latin1', 0, mark) + '}') as typeof header;
  } catch {
    return { problem: 'has a header that does not read' };
  }
  const { format, seq, chain, sum } = header;
  if (format !== SNAPSHOT_FORMAT) return { problem: `is of format ${String(format)}, not ${SNAPSHOT_FORMAT}` };
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) return { problem: 'has no seq' };
  if (typeof chain !== 'string' || !HEX8.test(chain) || typeof sum !== 'string' || !HEX8.test(sum)) return { problem: 'has no checksums' };
  return { seq, chain, sum, body: file.subarray(mark + BODY_MARK.length, file.length - 1) };
}

/**
 * Checks a candidate against the journal: within it, tied to its events, its body intact.
 * Answers the snapshot, or why it may not be used.
 */
export function verifyCandidate(c: SnapshotCandidate, lastSeq: number, chainAt: (seq: number) => string): Snapshot | { problem: string } {
  if (c.seq > lastSeq) return { problem: `is at seq ${c.seq}, beyond the journal's last (${lastSeq})` };
  if (chainAt(c.seq) !== c.chain) return { problem: `does not match the journal's events up to seq ${c.seq}` };
  if (hex(crc32(c.body)) !== c.sum) return { problem: 'fails its checksum' };
  let body: { state?: unknown; commands?: unknown };
  try {
    body = JSON.parse(c.body.toString('utf8')) as typeof body;
  } catch {
    return { problem: 'has a body that does not read' };
  }
  const { state, commands } = body;
  if (typeof state !== 'object' || state === null || (state as { seq?: unknown }).seq !== c.seq || !Array.isArray(commands)) {
    return { problem: 'has a body of the wrong shape' };
  }
  return { seq: c.seq, state: state as CutoverState, commands: commands as CommandIndex };
}

import { isAscii } from 'node:buffer';
import { crc32 } from 'node:zlib';
import type { CutoverState } from '@shared/cutover';
import { isCommandRuns, runsFromKeys, type CommandRuns } from './commandRuns';
import type { Snapshot } from './eventStore';
import { jsonInSlices } from './jsonInSlices';
import { checksum, hex } from './records';

/*
 * snapshot.json: {"format":5,"seq":N,"bytes":B,"journal":"<8 hex>","state":S,"sum":"<8 hex>","body":{"state":…,"commands":…}}
 * `journal` ties it to the journal: the CRC-32 of the journal file's first B bytes, which
 * held records 1..N when it was written. Opening checks it with one CRC over those bytes,
 * and when they are the same, every record they hold is one the hub verified or wrote
 * itself, so none of them is checked, decoded or parsed again: opening a long night costs
 * reading the file. Any byte that differs (a journal cut back and grown again, another
 * night's journal, a damaged record) fails it, and then the whole journal is checked record
 * by record as without a snapshot. `sum` is the CRC-32 of the body's bytes. The header holds
 * only numbers and hex, so the first `,"body":` ends it and the body is checked byte for
 * byte without re-serialising. S is the byte length of the state's JSON, so the state and the
 * commands are decoded and parsed apart. The commands are numbers only, [hash, first seq,
 * count, …] (commandRuns.ts): a hundred thousand of them parse in a few ms, where their ids
 * as strings were more bytes than the state.
 *
 * Format 4 ({…"chain":"<8 hex>"…}, `chain` being the running CRC of the records' checksums
 * up to N) is what a store that keeps events apart (PostgreSQL) writes, with the same body.
 * Formats 2 (as 4) and 3 (as 5) named the commands by key, [key, seqs] pairs and
 * ["key",seq,"key",[seq,seq],…]; they are still read, their keys hashed. Version 1
 * (`{seq, state}`, no checks) is never trusted: it is discarded and the journal folded.
 */
export const SNAPSHOT_FORMAT = 4;
export const FILE_SNAPSHOT_FORMAT = 5;
/** Formats tied to the records' checksums (a store of rows) and to the file's bytes, and whether they name commands by key. */
const CHAIN_FORMATS = new Set([2, SNAPSHOT_FORMAT]);
const FILE_FORMATS = new Set([3, FILE_SNAPSHOT_FORMAT]);
const BY_KEY = new Set([2, 3]);
const BODY_MARK = Buffer.from(',"body":');
const STATE_OPEN = '{"state":';
const COMMANDS_OPEN = ',"commands":';
const STATE_OPEN_BYTES = Buffer.from(STATE_OPEN);
const COMMANDS_OPEN_BYTES = Buffer.from(COMMANDS_OPEN);
const CLOSE_BYTES = Buffer.from('}');
const HEX8 = /^[0-9a-f]{8}$/;

/*
 * Both encoders give the event loop back as they go (jsonInSlices.ts): a long night's
 * snapshot is megabytes, taken every thousand events while commands keep arriving. The state
 * and the runs must not change until the promise settles; a published state never does.
 */

export async function encodeSnapshot(seq: number, chain: string, state: CutoverState, commands: CommandRuns): Promise<string> {
  const body = (await jsonInSlices({ state, commands }, (text) => text)).join('');
  return `{"format":${SNAPSHOT_FORMAT},"seq":${seq},"chain":"${chain}","sum":"${checksum(body)}","body":${body}}`;
}

/** The file journal's snapshot: `bytes` and `journal` from its ByteChain at `seq`. */
export async function encodeFileSnapshot(seq: number, at: { bytes: number; crc: number }, state: CutoverState, commands: CommandRuns): Promise<Buffer> {
  // Made as bytes a slice at a time, each slice encoded to UTF-8 once and taken into the
  // body's checksum as it is made: the checksum and the write share them.
  let sum = crc32(STATE_OPEN_BYTES);
  const bytes = (text: string): Buffer => {
    const b = Buffer.from(text);
    sum = crc32(b, sum);
    return b;
  };
  const stateJson = await jsonInSlices(state, bytes);
  sum = crc32(COMMANDS_OPEN_BYTES, sum);
  const commandsJson = await jsonInSlices(commands, bytes);
  sum = crc32(CLOSE_BYTES, sum);
  const stateBytes = stateJson.reduce((n, b) => n + b.length, 0);
  const header = `{"format":${FILE_SNAPSHOT_FORMAT},"seq":${seq},"bytes":${at.bytes},"journal":"${hex(at.crc)}","state":${stateBytes},"sum":"${hex(sum)}","body":`;
  // The body's closing brace, then the snapshot's.
  return Buffer.concat([Buffer.from(header), STATE_OPEN_BYTES, ...stateJson, COMMANDS_OPEN_BYTES, ...commandsJson, CLOSE_BYTES, CLOSE_BYTES]);
}

/** A snapshot file whose header reads; nothing in it is verified yet. */
export type SnapshotCandidate =
  | { tie: 'chain'; format: number; seq: number; chain: string; sum: string; body: Buffer }
  /** `state`: the byte length of the state's JSON, which opens the body; the commands follow it. */
  | { tie: 'bytes'; format: number; seq: number; bytes: number; journal: number; state: number; sum: string; body: Buffer };

export function readCandidate(file: Buffer): SnapshotCandidate | { problem: string } {
  const mark = file.indexOf(BODY_MARK);
  if (mark < 0 || file[file.length - 1] !== 0x7d) {
    // Version 1 was JSON.stringify({seq, state}).
    return { problem: file.toString('latin1', 0, 7) === '{"seq":' ? 'is of an older format (no checksums)' : 'is not a snapshot' };
  }
  let header: { format?: unknown; seq?: unknown; chain?: unknown; sum?: unknown; bytes?: unknown; journal?: unknown; state?: unknown };
  try {
    header = JSON.parse(file.toString('latin1', 0, mark) + '}') as typeof header;
  } catch {
    return { problem: 'has a header that does not read' };
  }
  const { format, seq, chain, sum, bytes, journal, state } = header;
  if (typeof format !== 'number' || (!CHAIN_FORMATS.has(format) && !FILE_FORMATS.has(format))) {
    return { problem: `is of format ${String(format)}, not one of ${[...CHAIN_FORMATS, ...FILE_FORMATS].sort().join(', ')}` };
  }
  if (!isCount(seq) || seq < 1) return { problem: 'has no seq' };
  if (typeof sum !== 'string' || !HEX8.test(sum)) return { problem: 'has no checksums' };
  const body = file.subarray(mark + BODY_MARK.length, file.length - 1);
  if (CHAIN_FORMATS.has(format)) {
    if (typeof chain !== 'string' || !HEX8.test(chain)) return { problem: 'has no checksums' };
    return { tie: 'chain', format, seq, chain, sum, body };
  }
  if (typeof journal !== 'string' || !HEX8.test(journal) || !isCount(bytes) || bytes < 1 || !isCount(state)) return { problem: 'has no checksums' };
  return { tie: 'bytes', format, seq, bytes, journal: parseInt(journal, 16), state, sum, body };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Checks a candidate against the journal: within it, tied to its events, its body intact.
 * Answers the snapshot, or why it may not be used.
 */
export function verifyCandidate(c: SnapshotCandidate, lastSeq: number, chainAt: (seq: number) => string): Snapshot | { problem: string } {
  if (c.seq > lastSeq) return { problem: `is at seq ${c.seq}, beyond the journal's last (${lastSeq})` };
  // A file snapshot is tied to a file's bytes, which a store of rows does not have.
  if (c.tie !== 'chain' || chainAt(c.seq) !== c.chain) return { problem: `does not match the journal's events up to seq ${c.seq}` };
  return readBody(c);
}

/**
 * Checks a file snapshot against the journal's bytes as read: answers the snapshot if the
 * first `bytes` bytes are the ones it was taken after, or why it may not be used.
 */
export function verifyFileCandidate(c: Extract<SnapshotCandidate, { tie: 'bytes' }>, journal: Buffer): Snapshot | { problem: string } {
  if (c.bytes > journal.length || journal[c.bytes - 1] !== 10 || crc32(journal.subarray(0, c.bytes)) !== c.journal) {
    return { problem: `does not match the journal's events up to seq ${c.seq}` };
  }
  return readBody(c);
}

/**
 * Whether a candidate checks out on its own, whatever the journal holds: its body's checksum
 * holds and its state is at its seq. Then the hub did write it, at that seq.
 */
export function isIntact(c: SnapshotCandidate): boolean {
  return !('problem' in readBody(c));
}

function readBody(c: SnapshotCandidate): Snapshot | { problem: string } {
  if (hex(crc32(c.body)) !== c.sum) return { problem: 'fails its checksum' };
  let state: unknown;
  let commands: unknown;
  try {
    if (c.tie === 'chain') ({ state, commands } = JSON.parse(c.body.toString('utf8')) as { state?: unknown; commands?: unknown });
    else {
      const parts = splitBody(c);
      if (!parts) return { problem: 'has a body that does not read' };
      state = JSON.parse(parts.state);
      commands = JSON.parse(parts.commands);
    }
  } catch {
    return { problem: 'has a body that does not read' };
  }
  const runs = BY_KEY.has(c.format) ? keyedRuns(c.format, commands) : isCommandRuns(commands) ? commands : null;
  if (typeof state !== 'object' || state === null || (state as { seq?: unknown }).seq !== c.seq || !runs) {
    return { problem: 'has a body of the wrong shape' };
  }
  return { seq: c.seq, state: state as CutoverState, commands: runs };
}

/** Formats 2 and 3's commands, [key, seqs] pairs and the flat list, as runs; null if they are not that. */
function keyedRuns(format: number, commands: unknown): CommandRuns | null {
  if (!Array.isArray(commands)) return null;
  if (format === 2) return commands.every((e) => Array.isArray(e) && e.length === 2) ? runsFromKeys(commands as [unknown, unknown][]) : null;
  if (commands.length % 2 !== 0) return null;
  const entries: [unknown, unknown][] = [];
  for (let i = 0; i < commands.length; i += 2) entries.push([commands[i], commands[i + 1]]);
  return runsFromKeys(entries);
}

/**
 * A file snapshot's body in its two parts, each decoded as what it is: the commands are
 * numbers (ids in format 3, nearly always ASCII), while one accented name in the state would
 * send the whole body down UTF-8's slow path.
 */
function splitBody(c: Extract<SnapshotCandidate, { tie: 'bytes' }>): { state: string; commands: string } | null {
  const { body } = c;
  const at = STATE_OPEN.length + c.state;
  if (at + COMMANDS_OPEN.length >= body.length || body[body.length - 1] !== 0x7d) return null;
  if (body.toString('latin1', 0, STATE_OPEN.length) !== STATE_OPEN || body.toString('latin1', at, at + COMMANDS_OPEN.length) !== COMMANDS_OPEN) return null;
  const commands = body.subarray(at + COMMANDS_OPEN.length, body.length - 1);
  return { state: body.toString('utf8', STATE_OPEN.length, at), commands: isAscii(commands) ? commands.toString('latin1') : commands.toString('utf8') };
}

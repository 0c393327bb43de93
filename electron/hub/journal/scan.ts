import type { CutoverEvent } from '@shared/cutover';
import { JournalCorruptError } from './eventStore';
import type { RecordSums } from './recordSums';
import { checkRecord, leadingSeq, parseRaw, PREFIX_LEN } from './records';
import { judgeTail } from './tail';

/** A journal read and verified, before any repair. */
export type Scan = {
  raws: string[];
  /** Parsed events from seq `parsedFrom + 1` on; those before are checked but not parsed. */
  events: CutoverEvent[];
  parsedFrom: number;
  /** Where the complete lines end; `cut` bytes after the kept tail record are a torn write. */
  end: number;
  /** Bytes of a complete record found after the last newline (0 if none). */
  keptTail: number;
  cut: Buffer;
};

/**
 * Reads a journal's bytes: every complete line must be a record whose checksum holds and
 * whose seq follows on, or the journal is refused (offset and line named). Lines up to
 * `parseFrom` (what a snapshot covers) are checked by checksum and seq only; the snapshot
 * stands for them, which spares JSON.parse on most of a long night.
 */
export function scanJournal(path: string, buf: Buffer, parseFrom: number, sums: RecordSums): Scan {
  const end = buf.lastIndexOf(10) + 1;
  // One decode, then each line read in place: a split would make a string per line for nothing.
  const text = buf.toString('utf8', 0, end);
  const raws: string[] = [];
  const events: CutoverEvent[] = [];
  for (let start = 0; start < text.length;) {
    const i = raws.length;
    const nl = text.indexOf('\n', start);
    const checked = checkRecord(text, start, nl);
    let problem = checked.ok ? null : checked.problem;
    if (checked.ok) {
      const quick = i < parseFrom ? leadingSeq(checked.raw) : null;
      const parsed = quick === null ? parseRaw(checked.raw) : null;
      const seq = quick ?? (parsed?.ok ? parsed.seq : null);
      if (parsed && !parsed.ok) problem = parsed.problem;
      else if (seq !== i + 1) problem = `expected seq ${i + 1}, found ${seq}`;
      else {
        raws.push(checked.raw);
        sums.push(checked.sum);
        if (parsed?.ok && i >= parseFrom) events.push(parsed.event as CutoverEvent);
      }
    }
    if (problem) throw new JournalCorruptError(path, Buffer.byteLength(text.slice(0, start)), i + 1, problem);
    start = nl + 1;
  }
  const complete = raws.length;
  const tail = buf.subarray(end);
  const verdict = tail.length > 0 ? judgeTail(tail, complete + 1) : { keep: 0 as const };
  if ('problem' in verdict) throw new JournalCorruptError(path, end, complete + 1, verdict.problem);
  if (verdict.keep > 0 && 'raw' in verdict) {
    raws.push(verdict.raw);
    sums.push(verdict.sum);
    if (complete >= parseFrom) events.push(verdict.event as CutoverEvent);
  }
  return { raws, events, parsedFrom: Math.min(parseFrom, raws.length), end, keptTail: verdict.keep, cut: tail.subarray(verdict.keep) };
}

/** Parses the events a snapshot would have stood for, once it turns out it cannot. */
export function parseBefore(path: string, raws: readonly string[], count: number): CutoverEvent[] {
  const events: CutoverEvent[] = [];
  for (let i = 0; i < count; i++) {
    const parsed = parseRaw(raws[i]!);
    // Only JSON that a checksum vouches for yet does not parse can fail here.
    if (!parsed.ok) throw new JournalCorruptError(path, offsetOf(raws, i, PREFIX_LEN + 2), i + 1, parsed.problem);
    events.push(parsed.event as CutoverEvent);
  }
  return events;
}

/** Where record `index` starts, each being `extra` bytes longer than its event; computed only to report corruption. */
function offsetOf(texts: readonly string[], index: number, extra: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset += Buffer.byteLength(texts[i]!) + extra;
  return offset;
}

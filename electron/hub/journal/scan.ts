import { isUtf8 } from 'node:buffer';
import type { CutoverEvent } from '@shared/cutover';
import { JournalCorruptError } from './eventStore';
import type { RecordSums } from './recordSums';
import { PendingSums } from './checksumsAside';
import { RecordIndex } from './recordIndex';
import { checkRecordBytes, leadingSeqAt, parseRaw, PREFIX_LEN } from './records';
import { judgeTail } from './tail';

/** A journal read and verified, before any repair. */
export type Scan = {
  /** Where each record lies in the bytes read. */
  records: RecordIndex;
  /** Where the complete lines end; `cut` bytes after the kept tail record are a torn write. */
  end: number;
  /** Bytes of a complete record found after the last newline (0 if none). */
  keptTail: number;
  cut: Buffer;
  /** The records whose checksums are still to be taken (scanJournal's `aside`), or null when all were. */
  pending: PendingSums | null;
};

/** What the scan may take as verified: records 1..seq, which are the file's first `bytes` bytes (snapshotFile.ts). */
export type Verified = { seq: number; bytes: number };

/**
 * Reads a journal's bytes: every complete line must be a record whose checksum holds and
 * whose seq follows on, or the journal is refused (offset and line named). The `verified`
 * records are not looked at. A record laid out as the hub writes it has its seq read in
 * place; no event is parsed here (parsedEvents does, one at a time, as they are folded).
 * Checksums are taken over the bytes as stored, which are the UTF-8 the hub wrote, so no
 * line is decoded unless it is laid out otherwise. `sums`, when given, gets each scanned
 * record's checksum, for a snapshot of the old format to be checked. With `aside`, the
 * checksums of the complete lines are not taken but listed in `pending`, for the caller to
 * take them elsewhere (checksumsAside.ts); anything else found wrong is still refused here,
 * after those listed before it were checked, so the first record at fault is the one named.
 */
export function scanJournal(path: string, buf: Buffer, sums: RecordSums | null, verified: Verified | null = null, aside = false): Scan {
  const end = buf.lastIndexOf(10) + 1;
  const records = new RecordIndex(buf, verified?.seq, verified?.bytes);
  const pending = aside && !sums ? new PendingSums() : null;
  // A problem found here is named only once no record listed before it was at fault.
  const refusal = (offset: number, line: number, problem: string): JournalCorruptError => {
    const mismatch = pending?.firstMismatch(buf) ?? -1;
    return mismatch >= 0 ? pending!.mismatchError(path, mismatch, verified?.seq ?? 0) : new JournalCorruptError(path, offset, line, problem);
  };
  // The hub only writes UTF-8, and a checksum over bytes that are not would have been taken
  // over other text: such a record is refused, as it was when the file was decoded first.
  const utf8 = isUtf8(buf.subarray(verified?.bytes ?? 0, end));
  for (let start = verified?.bytes ?? 0; start < end;) {
    const i = records.length;
    const nl = buf.indexOf(10, start);
    const checked = checkRecordBytes(buf, start, nl, pending);
    let problem = checked.ok ? null : checked.problem;
    if (checked.ok && !utf8 && !isUtf8(buf.subarray(start, nl))) problem = 'checksum mismatch';
    if (!problem && checked.ok) {
      const from = start + PREFIX_LEN;
      const quick = leadingSeqAt(buf, from, nl - 1);
      const parsed = quick === null ? parseRaw(buf.toString('utf8', from, nl - 1)) : null;
      const seq = quick ?? (parsed?.ok ? parsed.seq : null);
      if (parsed && !parsed.ok) problem = parsed.problem;
      else if (seq !== i + 1) problem = `expected seq ${i + 1}, found ${seq}`;
      else {
        records.add(from, nl - 1);
        sums?.push(checked.sum);
      }
    }
    if (problem) throw refusal(start, i + 1, problem);
    start = nl + 1;
  }
  const complete = records.length;
  const tail = buf.subarray(end);
  const verdict = tail.length > 0 ? judgeTail(tail, complete + 1) : { keep: 0 as const };
  if ('problem' in verdict) throw refusal(end, complete + 1, verdict.problem);
  if (verdict.keep > 0 && 'raw' in verdict) {
    // The kept record lies in the tail: its JSON ends just before its closing brace.
    records.add(end + PREFIX_LEN, end + verdict.keep - 1);
    sums?.push(verdict.sum);
  }
  return withoutUnfinishedAppend({ records, end, keptTail: verdict.keep, cut: tail.subarray(verdict.keep), pending }, buf, sums, verified?.seq ?? 0);
}

/**
 * The scan without the last append if a crash cut it short (its last event says more were to
 * follow): its events go with the torn bytes, so no command is kept half-applied. It was never
 * acknowledged. Kept apart from the scan's loop, which reads every record of a long night.
 */
function withoutUnfinishedAppend(scan: Scan, buf: Buffer, sums: RecordSums | null, covered: number): Scan {
  const { records } = scan;
  const unfinished = unfinishedAppend(records, covered);
  if (unfinished === 0) return scan;
  const at = records.lineStart(records.length - unfinished);
  records.dropLast(unfinished);
  sums?.drop(unfinished);
  return { ...scan, end: at, keptTail: 0, cut: buf.subarray(at) };
}

/**
 * How many records at the end belong to an append whose last events never reached the disk:
 * the last record's `part` ([place, of], CutoverEvent) says how many came before it in its
 * append and whether more were to follow. 0 when the last append is whole (or the last event
 * was alone, or from a journal written before `part`). A verified snapshot covers only
 * durable records, so never one of these.
 */
function unfinishedAppend(records: RecordIndex, covered: number): number {
  const last = records.length - 1;
  if (last < covered) return 0;
  const parsed = parseRaw(records.raw(last));
  const part = parsed.ok ? (parsed.event as { part?: unknown }).part : undefined;
  if (!Array.isArray(part) || typeof part[0] !== 'number' || typeof part[1] !== 'number' || part[0] >= part[1] - 1) return 0;
  return Math.min(part[0] + 1, records.length - covered);
}

/**
 * The events from record `from` on, each parsed only when it is reached. A fold reads them
 * one at a time, so each event is garbage as soon as it is folded instead of all of them
 * living until the last is parsed: a long night's hundred thousand events kept alive made
 * the garbage collector copy them again and again while they were parsed.
 */
export function* parsedEvents(path: string, records: RecordIndex, from: number): Generator<CutoverEvent, void, undefined> {
  for (let i = from; i < records.length; i++) {
    const parsed = parseRaw(records.raw(i));
    // Only JSON that a checksum vouches for yet does not parse can fail here.
    if (!parsed.ok) throw new JournalCorruptError(path, records.lineStart(i), i + 1, parsed.problem);
    yield parsed.event as CutoverEvent;
  }
}

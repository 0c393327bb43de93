import { crc32 } from 'node:zlib';

/** How long the journal file is after a record, and the CRC-32 of all its bytes up to there. */
export type ByteMark = { bytes: number; crc: number };

/**
 * The journal file's running CRC-32 at the end of each record, which a snapshot carries for
 * its seq (snapshotFile.ts). It is worked out only when a snapshot asks: the file as opened
 * is one CRC over its bytes (skipped when opening from a snapshot, which gave it for most of
 * them), and lines appended since are kept as written until then, so neither opening nor
 * appending pays for it. Snapshots go forward: once one is taken at a seq, the marks before
 * it are let go.
 */
export class ByteChain {
  /** The mark after record `seq`; its CRC is computed the first time it is needed. */
  private base: { seq: number; bytes: number; crc: number | (() => number) };
  /** Marks of records `base.seq + 1` on that were folded in already. */
  private marks: ByteMark[] = [];
  /** Lines appended after those, not yet folded in. */
  private lines: string[] = [];

  constructor(seq: number, bytes: number, crc: number | (() => number)) {
    this.base = { seq, bytes, crc };
  }

  /** A record's line, exactly as appended to the file. */
  push(line: string): void {
    this.lines.push(line);
  }

  /** The mark after record `seq`, which must not be before the last one asked for (or the file as opened). */
  at(seq: number): ByteMark {
    const { base } = this;
    if (seq < base.seq) throw new Error(`No byte mark for seq ${seq}: the journal keeps them from seq ${base.seq} on`);
    if (typeof base.crc === 'function') base.crc = base.crc();
    let last = this.marks[this.marks.length - 1] ?? { bytes: base.bytes, crc: base.crc };
    for (const line of this.lines) {
      last = { bytes: last.bytes + Buffer.byteLength(line), crc: crc32(line, last.crc) };
      this.marks.push(last);
    }
    this.lines = [];
    if (seq === base.seq) return { bytes: base.bytes, crc: base.crc };
    const mark = this.marks[seq - base.seq - 1];
    if (!mark) throw new Error(`No byte mark for seq ${seq}: the journal has ${base.seq + this.marks.length}`);
    this.base = { seq, ...mark };
    this.marks = this.marks.slice(seq - base.seq);
    return mark;
  }
}

import { crc32 } from 'node:zlib';
import { hex } from './records';

/**
 * The checksum of every record, in seq order, kept as 4 bytes each (400 KB for 100,000
 * events). Their running CRC up to a seq is the chain a snapshot carries: any record up to
 * that seq that differs (a journal cut back and grown again, another night's journal)
 * changes it, so a snapshot is used only with the very events it was folded from.
 */
export class RecordSums {
  private bytes = Buffer.alloc(4 * 1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(sum: number): void {
    if (4 * (this.count + 1) > this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger);
      this.bytes = bigger;
    }
    // Little-endian by definition, so a data folder means the same on every machine.
    this.bytes.writeUInt32LE(sum >>> 0, 4 * this.count++);
  }

  /** Forgets the last `n` checksums (an append cut short: scan.ts). */
  drop(n: number): void {
    this.count = Math.max(0, this.count - n);
  }

  /** The chain of records 1..seq (seq ≤ length). */
  chainAt(seq: number): string {
    if (seq > this.count) throw new Error(`No record ${seq}: the journal has ${this.count}`);
    return hex(crc32(this.bytes.subarray(0, 4 * seq)));
  }
}

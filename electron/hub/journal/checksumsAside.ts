import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { JournalCorruptError } from './eventStore';
import { PREFIX_LEN } from './records';

/*
 * Opening a long night without a snapshot takes each record's checksum (a hundred thousand
 * calls into zlib, ~30 ms here, nearly all of it the cost of a call rather than of the bytes)
 * and then parses and folds its events (~200 ms). Neither needs the other: the checksums are
 * taken on a worker thread while the events are folded, and the night is used only once they
 * all held (StoredHistory.checked). Nothing is acknowledged, written or moved aside before that.
 */

/** Where a record's event JSON lies and the checksum its line states, three unsigned 32-bit numbers each. */
export class PendingSums {
  private data = new Uint32Array(3 * 1024);
  count = 0;

  push(start: number, end: number, stated: number): void {
    if (3 * (this.count + 1) > this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const at = 3 * this.count++;
    this.data[at] = start;
    this.data[at + 1] = end;
    this.data[at + 2] = stated;
  }

  /** The refusal of pending record `i`, which follows `before` records not listed here. */
  mismatchError(path: string, i: number, before: number): JournalCorruptError {
    return new JournalCorruptError(path, this.data[3 * i]! - PREFIX_LEN, before + i + 1, 'checksum mismatch');
  }

  /** The index of the first record whose checksum does not hold, or -1; on this thread. */
  firstMismatch(buf: Buffer): number {
    return firstMismatch(crc32, buf, this.data, this.count);
  }

  /**
   * The same, on a worker thread: `buf` must lie in a SharedArrayBuffer (readWhole), so the
   * worker reads the very bytes without a copy. Where no worker can be started, it is done here.
   */
  firstMismatchAside(buf: Buffer): { verdict: Promise<number>; stop: () => void } {
    if (!(buf.buffer instanceof SharedArrayBuffer)) return { verdict: Promise.resolve(this.firstMismatch(buf)), stop: () => undefined };
    const records = this.data.slice(0, 3 * this.count);
    let worker: Worker;
    try {
      worker = new Worker(PROGRAM, {
        eval: true,
        workerData: { bytes: buf.buffer, offset: buf.byteOffset, length: buf.length, records },
        transferList: [records.buffer],
        // It holds no state of its own: a small heap is plenty.
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      });
    } catch {
      return { verdict: Promise.resolve(this.firstMismatch(buf)), stop: () => undefined };
    }
    let stopped = false;
    const verdict = new Promise<number>((resolve, reject) => {
      let answered = false;
      worker.once('message', (index: number) => {
        answered = true;
        resolve(index);
      });
      // A worker that fails (out of memory, killed) says nothing about the journal: check here.
      worker.once('error', () => undefined);
      worker.once('exit', () => {
        if (answered) return;
        if (stopped) reject(new Error('The journal was closed before its checksums were all taken'));
        else resolve(this.firstMismatch(buf));
      });
    });
    const stop = () => {
      stopped = true;
      void worker.terminate();
    };
    return { verdict, stop };
  }
}

/**
 * The check itself, run as it is on either thread: the worker's program is this function's
 * text, so it may use nothing but its arguments (not even a module's import, which a bundler
 * may rename).
 */
function firstMismatch(crc: (data: Uint8Array) => number, buf: Uint8Array, records: Uint32Array, count: number): number {
  for (let i = 0; i < count; i++) {
    const at = 3 * i;
    if (crc(buf.subarray(records[at]!, records[at + 1]!)) !== records[at + 2]) return i;
  }
  return -1;
}

const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
const { bytes, offset, length, records } = workerData;
const firstMismatch = ${firstMismatch.toString()};
parentPort.postMessage(firstMismatch(crc32, new Uint8Array(bytes, offset, length), records, records.length / 3));
`;

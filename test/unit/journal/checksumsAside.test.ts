import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { PendingSums } from '../../../electron/hub/journal/checksumsAside';
import { encodeRecord, PREFIX_LEN } from '../../../electron/hub/journal/records';

/** A journal's bytes for `n` records, in memory a worker can read or not, listed as the scan lists them. */
function journal(n: number, shared: boolean): { buf: Buffer; pending: PendingSums; starts: number[] } {
  const text = Buffer.from(Array.from({ length: n }, (_, i) => encodeRecord(JSON.stringify({ v: 1, seq: i + 1, note: `record ${i + 1}` }))).join(''));
  const buf = shared ? Buffer.from(new SharedArrayBuffer(text.length)) : Buffer.alloc(text.length);
  text.copy(buf);
  const pending = new PendingSums();
  const starts: number[] = [];
  for (let start = 0; start < buf.length; start = buf.indexOf(10, start) + 1) {
    const nl = buf.indexOf(10, start);
    starts.push(start);
    pending.push(start + PREFIX_LEN, nl - 1, parseInt(buf.toString('latin1', start + 6, start + 14), 16));
  }
  return { buf, pending, starts };
}

const flip = (buf: Buffer, at: number) => (buf[at] = buf[at]! ^ 0x01);

/** What the worker threads started from now on answered: a verdict found here instead would not be among them. */
function workerAnswers(): { answers: unknown[]; stop: () => void } {
  const answers: unknown[] = [];
  const listen = (w: Worker) => w.on('message', (m: unknown) => answers.push(m));
  process.on('worker', listen);
  return { answers, stop: () => process.off('worker', listen) };
}

describe('checksums taken aside', () => {
  it('finds the first record whose checksum fails on a worker thread, as on this one', async () => {
    const { buf, pending, starts } = journal(5000, true);
    const workers = workerAnswers();
    expect(await pending.firstMismatchAside(buf).verdict).toBe(-1);
    flip(buf, starts[3210]! + PREFIX_LEN + 3);
    flip(buf, starts[4000]! + PREFIX_LEN + 3);
    expect(await pending.firstMismatchAside(buf).verdict).toBe(3210);
    workers.stop();
    // Each verdict came from a worker (one that failed would have been replaced by a check here).
    expect(workers.answers).toEqual([-1, 3210]);
    expect(pending.firstMismatch(buf)).toBe(3210);
    expect(pending.mismatchError('j', 3210, 7)).toMatchObject({ offset: starts[3210], line: 7 + 3211, problem: 'checksum mismatch' });
  });

  it('checks bytes no worker can see on this thread', async () => {
    const { buf, pending, starts } = journal(100, false);
    flip(buf, starts[42]! + PREFIX_LEN + 1);
    expect(await pending.firstMismatchAside(buf).verdict).toBe(42);
  });

  it('says so when stopped before it answered, rather than that all held', async () => {
    const { buf, pending } = journal(50_000, true);
    const { verdict, stop } = pending.firstMismatchAside(buf);
    stop();
    await expect(verdict).rejects.toThrow(/closed before its checksums were all taken/);
  });
});

import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/** libuv's thread pool in this process: its size as Node reads it (4 unless set). */
export const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/**
 * Takes every thread of this process's libuv pool, as slow DNS lookups would: each is left
 * opening a FIFO that has no writer, and an open of a FIFO for reading waits for one. Work
 * handed to the pool after this (fs/promises, dns.lookup, zlib, pbkdf2) queues behind them
 * until `release`, which opens the writing end. Linux and macOS (mkfifo).
 */
export function holdThreadPool(dir: string): { release: () => Promise<void> } {
  const fifo = join(dir, `pool-${process.pid}-${Date.now()}.fifo`);
  execFileSync('mkfifo', [fifo]);
  const held = Array.from({ length: THREAD_POOL_SIZE }, () => open(fifo, 'r'));
  return {
    async release() {
      // Blocks this thread only until the first held open has a reader in place; while the
      // writing end is open, every other reader's open returns at once.
      const writer = openSync(fifo, constants.O_WRONLY);
      try {
        for (const fh of await Promise.all(held)) await fh.close();
      } finally {
        closeSync(writer);
      }
    },
  };
}

/** Whether `promise` settles within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

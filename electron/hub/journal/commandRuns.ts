/*
 * The commands a snapshot carries, as numbers only: for each run of one command's events (a
 * command's events are stored together, so nearly always one run per command) the hash of
 * its key, its first seq and how many events, flat: [hash, first, count, hash, first, count, …].
 * The ids themselves are in the journal, at each run's first seq, which is where a retry's
 * answer is checked (cutovers/appliedCommands.ts). Holding a long night's hundred thousand
 * ids as strings, in the snapshot and in memory, cost more than the rest of opening it.
 */
export type CommandRuns = readonly number[];

/** FNV-1a, 32 bits, over UTF-16 code units, continuing from `h`. */
function fnv(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
const FNV_BASIS = 0x811c9dc5 | 0;
const NEWLINE = 10;

/**
 * The hash of a command's key (member, a newline, then its id: commandKey) as a signed 32-bit
 * integer. Snapshots store it, so it is part of their format and never changes.
 */
export const keyHash = (actorId: string, commandId: string): number => fnv(commandId, Math.imul(fnv(actorId, FNV_BASIS) ^ NEWLINE, 0x01000193));

/** The hash of a key already joined (a snapshot of an older format names its commands so). */
export const joinedKeyHash = (key: string): number => fnv(key, FNV_BASIS);

/** Whether `v` is a CommandRuns: triples of integers, each seq and count at least 1. */
export function isCommandRuns(v: unknown): v is CommandRuns {
  if (!Array.isArray(v) || v.length % 3 !== 0) return false;
  // Read in place: a snapshot's hundred thousand runs are checked at every open.
  for (let i = 0; i < v.length; i += 3) {
    const h: unknown = v[i];
    const first: unknown = v[i + 1];
    const count: unknown = v[i + 2];
    if (typeof h !== 'number' || h !== (h | 0)) return false;
    if (!Number.isInteger(first) || (first as number) < 1 || !Number.isInteger(count) || (count as number) < 1) return false;
  }
  return true;
}

/** Commands named by key with their seqs (snapshot formats 2 and 3) as runs; null if they are not that. */
export function runsFromKeys(entries: Iterable<readonly [unknown, unknown]>): CommandRuns | null {
  const runs: number[] = [];
  for (const [key, given] of entries) {
    const seqs = typeof given === 'number' ? [given] : given;
    if (typeof key !== 'string' || !Array.isArray(seqs) || seqs.length === 0) return null;
    if (!seqs.every((n) => Number.isInteger(n) && (n as number) >= 1)) return null;
    const h = joinedKeyHash(key);
    // Seqs that follow on make one run; a gap starts another under the same key.
    let first = seqs[0] as number;
    let count = 1;
    for (let i = 1; i <= seqs.length; i++) {
      const seq = seqs[i] as number | undefined;
      if (seq === first + count) count++;
      else {
        runs.push(h, first, count);
        if (seq !== undefined) [first, count] = [seq, 1];
      }
    }
  }
  return runs;
}

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, realpath, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/*
 * One hub per data folder. Two hubs on one folder (the desktop's embedded hub and
 * `npm run hub`) would interleave appends to the same journals. The folder holds
 * `hub.lock` ({pid, host, nonce, since}), created exclusively and touched every few seconds
 * while held. A holder is live while its lock is fresh and, on this machine, its process
 * still runs; a stale lock (a killed hub) is taken over, a live one refused with a sentence.
 */
const LOCK = 'hub.lock';
export const LOCK_REFRESH_MS = 5_000;
/** A lock not touched for this long belongs to no running hub (or one frozen that long). */
export const LOCK_STALE_MS = 30_000;

type Holder = { pid: number; host: string; nonce: string; since: number };

/** Locks this process holds, by path: its own pid in a lock file is live only if listed here. */
const heldHere = new Set<string>();

export type DataLock = { release: () => Promise<void> };

export async function lockDataDir(dataDir: string, now: () => number = Date.now): Promise<DataLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // One spelling per folder (a symlink, a relative path, "dir/"): this process's own lock was
  // taken for stale under another one, and a second hub in it opened the same journals.
  const path = join(await realpath(dataDir), LOCK);
  const mine: Holder = { pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex'), since: now() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(path, mine)) return held(path, mine);
    const found = await readLock(path);
    if (!found) continue; // gone meanwhile: try again
    if (isLive(path, found)) throw new Error(refusal(dataDir, found));
    // Set the stale lock aside under a name of our own, so that of two hubs taking over
    // at once only one can; if what was moved is not what was judged stale, put it back.
    const aside = `${path}.stale-${mine.nonce}`;
    if (
      !(await rename(path, aside).then(
        () => true,
        () => false,
      ))
    )
      continue;
    const moved = await readLock(aside);
    if (moved?.text !== found.text) {
      await rename(aside, path).catch(() => undefined);
      continue;
    }
    await unlink(aside).catch(() => undefined);
  }
  throw new Error(`The data folder ${dataDir} is being taken over by another hub right now; try again in a moment.`);
}

async function create(path: string, holder: Holder): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(JSON.stringify(holder));
    await fh.sync();
  } finally {
    await fh.close();
  }
  return true;
}

type Found = { text: string; holder: Holder | null; ageMs: number };

async function readLock(path: string): Promise<Found | null> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let holder: Holder | null = null;
    try {
      const h = JSON.parse(text) as Partial<Holder>;
      if (typeof h.pid === 'number' && typeof h.host === 'string')
        holder = { pid: h.pid, host: h.host, nonce: String(h.nonce ?? ''), since: Number(h.since ?? 0) };
    } catch {
      // a lock being written this very moment, or a damaged one: judged by its age alone
    }
    return { text, holder, ageMs: Date.now() - info.mtimeMs };
  } catch {
    return null;
  }
}

function isLive(path: string, { holder, ageMs }: Found): boolean {
  if (ageMs > LOCK_STALE_MS) return false;
  if (!holder || holder.host !== hostname()) return true; // cannot look at another machine's processes
  if (holder.pid === process.pid) return heldHere.has(path); // our pid, but maybe from before a restart
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, someone else's
  }
}

function refusal(dataDir: string, { holder }: Found): string {
  const who = holder ? `process ${holder.pid} on ${holder.host}, since ${new Date(holder.since).toISOString()}` : 'starting up';
  return `Another Warroom hub (${who}) is using the data folder ${dataDir}. Stop it first, or give this hub another data folder. (A lock left by a hub that is gone is taken over once it is ${LOCK_STALE_MS / 1000} s old.)`;
}

function held(path: string, mine: Holder): DataLock {
  heldHere.add(path);
  // Touched while held, so that a lock nobody touches any more is known to be stale.
  const timer = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => undefined), LOCK_REFRESH_MS);
  timer.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      heldHere.delete(path);
      // Only our own lock: one taken over from us (we were frozen too long) is not ours to remove.
      const found = await readLock(path);
      if (found?.holder?.nonce === mine.nonce) await unlink(path).catch(() => undefined);
    },
  };
}

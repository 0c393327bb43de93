import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/*
 * The one way the hub (and the desktop's settings) replaces a file: write a temporary file
 * beside it, fsync it, rename it over the old one, fsync the folder. A crash leaves either
 * the old file or the new one, never half of either. Every file that is rewritten in place
 * (snapshot, invites, vault, settings, heartbeat) goes through here.
 */

/** Unique per write, not just per process: two writes to one file may overlap (two snapshots, two beats). */
const tempName = (path: string): string => `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/**
 * Makes a directory entry durable: a file that was created or renamed is not safely on disk
 * until its parent directory is fsync'd too. Windows cannot open a directory; there NTFS
 * journals the metadata itself, so skipping is correct.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function fsyncDirSync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `data` atomically and durably; on failure the temporary file is removed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = tempName(path);
  try {
    // 'wx': a temporary name that somehow exists is never written through.
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dirname(path));
}

/** The same, for callers that must finish before they return (the desktop's settings). */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = tempName(path);
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed: nothing to clean
    }
    throw e;
  }
  fsyncDirSync(dirname(path));
}

import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * The desktop's log, where its embedded hub writes what it repaired, set aside or refused
 * ("the hub log says what to do"). A packaged app's console goes nowhere a person can read,
 * so those lines go to a file in the user's data folder, which Help → Show the log opens.
 * The hub's lines never carry a secret (hub.ts); this file is only where they land.
 */

/** A log file grows to this, then is kept as `.1` (one older file) and begun again. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;

export type LogFile = { path: string; write: (line: string) => void };

export function openLogFile(path: string, opts: { now?: () => number; maxBytes?: number; echo?: (line: string) => void } = {}): LogFile {
  const now = opts.now ?? Date.now;
  const max = opts.maxBytes ?? LOG_MAX_BYTES;
  let size: number | null = null;
  const write = (line: string): void => {
    const text = `${new Date(now()).toISOString()} ${line.replace(/\r?\n/g, ' ')}\n`;
    opts.echo?.(line);
    try {
      if (size === null) {
        mkdirSync(dirname(path), { recursive: true });
        size = sizeOf(path);
      }
      if (size > 0 && size + text.length > max) {
        renameSync(path, `${path}.1`);
        size = 0;
      }
      appendFileSync(path, text, { mode: 0o600 });
      size += Buffer.byteLength(text);
    } catch {
      // A full or read-only disk must not stop the hub: the line still went to the console.
      size = null;
    }
  };
  return { path, write };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

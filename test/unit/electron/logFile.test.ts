import { mkdtempSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLogFile } from '../../../electron/logFile';

const AT = Date.UTC(2026, 3, 29, 19, 31, 5);

describe('the desktop’s log file', () => {
  it('keeps the embedded hub’s lines in a file a person can open, one line each, with the time', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'warroom-log-')), 'logs', 'warroom.log');
    const echoed: string[] = [];
    const log = openLogFile(path, { now: () => AT, echo: (l) => echoed.push(l) });
    log.write('[hub] cutover c1: journal cut back at byte 812 (a torn write, never acknowledged)');
    log.write('two\nlines');
    expect(readFileSync(path, 'utf8')).toBe(
      '2026-04-29T19:31:05.000Z [hub] cutover c1: journal cut back at byte 812 (a torn write, never acknowledged)\n2026-04-29T19:31:05.000Z two lines\n',
    );
    expect(echoed).toHaveLength(2);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps one older file when it grows past its size, and begins again', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'warroom-log-')), 'warroom.log');
    const log = openLogFile(path, { now: () => AT, maxBytes: 100 });
    log.write('a'.repeat(60));
    log.write('b'.repeat(60));
    expect(readFileSync(`${path}.1`, 'utf8')).toContain('a'.repeat(60));
    expect(readFileSync(path, 'utf8')).toContain('b'.repeat(60));
    expect(readFileSync(path, 'utf8')).not.toContain('a'.repeat(60));
  });

  it('goes on when the file cannot be written: the line still reaches the console', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-log-'));
    const echoed: string[] = [];
    // A folder where the file should be: every append fails.
    const log = openLogFile(dir, { echo: (l) => echoed.push(l) });
    expect(() => log.write('still said')).not.toThrow();
    expect(echoed).toEqual(['still said']);
    expect(existsSync(`${dir}.1`)).toBe(false);
  });
});

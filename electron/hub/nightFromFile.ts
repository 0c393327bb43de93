import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { MIN } from '@shared/time';
import { formatOfFile, formatRunbookError, planFromSource, plannedMinutes } from '@shared/runbook';
import type { NewCutover } from './cutovers/registry';

/** What `--runbook` comes with on the command line. */
export type NightOptions = { file: string; title?: string; windowStart?: string; windowEnd?: string; zone?: string; now: number };

export type NightFromFile = { ok: true; spec: NewCutover } | { ok: false; errors: string[] };

/** The shortest window planned when the runbook's steps add up to less. */
const MIN_WINDOW_MIN = 30;

/**
 * A new night from a runbook file (`.md` or `.yaml`/`.yml`): its title is `--title`, else the
 * file's own "# " title, else the file's name; the window starts at `--window-start` (a wall
 * time in `--zone`, or an instant with an offset) or at the next whole minute, and ends at
 * `--window-end` or when the plan does. Every problem comes back at once, import errors
 * with their lines.
 */
export async function nightFromFile(opts: NightOptions): Promise<NightFromFile> {
  let text: string;
  try {
    text = await readFile(opts.file, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`${opts.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  const errors: string[] = [];
  const zone = opts.zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isZone(zone)) errors.push(`--zone "${zone}" is not a time zone (use a name such as Europe/London or UTC)`);
  const imported = planFromSource({ kind: formatOfFile(opts.file), text });
  if (!imported.ok) errors.push(...imported.errors.map((e) => `${basename(opts.file)} ${formatRunbookError(e)}`));
  const start = opts.windowStart === undefined ? Math.ceil(opts.now / MIN) * MIN : instantOf(opts.windowStart, zone);
  if (start === null) errors.push(`--window-start "${opts.windowStart}" is not a date and time (write 2026-05-01T22:00, in --zone)`);
  const end = opts.windowEnd === undefined ? null : instantOf(opts.windowEnd, zone);
  if (opts.windowEnd !== undefined && end === null) errors.push(`--window-end "${opts.windowEnd}" is not a date and time (write 2026-05-02T02:00, in --zone)`);
  if (errors.length > 0 || !imported.ok || start === null) return { ok: false, errors };
  const until = end ?? start + Math.max(MIN_WINDOW_MIN, Math.ceil(plannedMinutes(imported.plan))) * MIN;
  if (until <= start) return { ok: false, errors: ['--window-end must be after --window-start'] };
  const title = opts.title?.trim() || imported.title || basename(opts.file).replace(/\.[^.]+$/, '');
  return { ok: true, spec: { title, window: { start, end: until, timeZone: zone }, isRehearsal: false, runbook: imported.plan } };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

/** "2026-05-01T22:00" in `zone`, or an ISO instant with Z or an offset; null when it is neither. */
export function instantOf(text: string, zone: string): number | null {
  const wall = WALL.exec(text.trim());
  if (!wall) {
    if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return null;
    const t = Date.parse(text.trim());
    return Number.isFinite(t) ? t : null;
  }
  if (!isZone(zone)) return null;
  const [y, mo, d, h, mi] = wall.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  // The zone's offset at that moment, found twice so a wall time near a clock change settles.
  let t = asUtc - offsetAt(asUtc, zone);
  t = asUtc - offsetAt(t, zone);
  return Number.isFinite(t) ? t : null;
}

function offsetAt(t: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(t)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!) - Math.floor(t / MIN) * MIN;
}

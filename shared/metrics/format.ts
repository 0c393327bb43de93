import type { SeriesUnit } from './schema';

/*
 * How a lag value reads on a chart, in a notification and in a Slack update. One place, so
 * "12,345" on the wall matches "12,345" in the channel. Locale is fixed (en-US digits and
 * separators) because the same text is archived and shared across the crew.
 */

/** U+2212: a real minus sign lines up with "+" in a column of rates. */
export const MINUS = '\u2212';

const numberFormats = new Map<number, Intl.NumberFormat>();
function fmt(n: number, maxFractionDigits: number): string {
  let f = numberFormats.get(maxFractionDigits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFractionDigits });
    numberFormats.set(maxFractionDigits, f);
  }
  return f.format(n);
}

/** Small numbers keep one decimal (3.5), bigger ones are whole (350): about 2–3 figures. */
function plain(abs: number): string {
  return fmt(abs, abs < 10 ? 1 : 0);
}

function seconds(abs: number): string {
  if (abs < 59.5) return `${plain(abs)} s`;
  const total = Math.round(abs);
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  // Past an hour the seconds are noise; a replica 1 h 04 min behind is the news.
  if (h > 0) return `${h} h ${pad(min)} min`;
  return `${min} min ${pad(s)} s`;
}

// Decimal (SI) units, as queue dashboards and cloud consoles show them.
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
function bytes(abs: number): string {
  let x = abs;
  let i = 0;
  // 999.96 kB should read "1 MB", not "1,000 kB": step up on the rounded value.
  while (i < BYTE_UNITS.length - 1 && x >= 999.5) {
    x /= 1000;
    i++;
  }
  return `${i === 0 ? fmt(x, 0) : plain(x)} ${BYTE_UNITS[i]}`;
}

function magnitude(abs: number, unit: SeriesUnit): string {
  switch (unit) {
    case 'seconds':
      return seconds(abs);
    case 'bytes':
      return bytes(abs);
    case 'count':
      return plain(abs);
  }
}

/** A value in its unit: count "12,345", seconds "42 s" or "4 min 05 s", bytes "1.2 MB". */
export function formatValue(v: number, unit: SeriesUnit): string {
  if (!Number.isFinite(v)) return '\u2014';
  const text = magnitude(Math.abs(v), unit);
  return v < 0 && text !== magnitude(0, unit) ? MINUS + text : text;
}

// Rates stay in their base unit: "−120 s/min" reads as a speed, "−2 min 00 s/min" does not.
function rateBody(abs: number, unit: SeriesUnit): string {
  if (unit === 'seconds') return `${plain(abs)} s/min`;
  if (unit === 'bytes') return `${bytes(abs)}/min`;
  return `${plain(abs)}/min`;
}

/** A signed rate per minute: "+120/min", "−3.5 s/min", "+1.2 MB/min". */
export function formatRate(ratePerMin: number, unit: SeriesUnit): string {
  if (!Number.isFinite(ratePerMin)) return '\u2014';
  const body = rateBody(Math.abs(ratePerMin), unit);
  // A rate that rounds to nothing gets no sign: "+0/min" would claim a direction.
  if (body === rateBody(0, unit)) return body;
  return (ratePerMin < 0 ? MINUS : '+') + body;
}

/**
 * How fast, after a verb that says the direction ("growing", "draining again"): " at +120/min"
 * (signed) or " at 350/min", and " slowly" for a rate that rounds to nothing, since "growing
 * at 0 s/min" contradicts itself; nothing when there is no rate.
 */
export function paceText(ratePerMin: number | null, unit: SeriesUnit, opts: { signed: boolean }): string {
  if (ratePerMin === null || !Number.isFinite(ratePerMin)) return '';
  if (rateBody(Math.abs(ratePerMin), unit) === rateBody(0, unit)) return ' slowly';
  return ` at ${opts.signed ? formatRate(ratePerMin, unit) : formatSpeed(ratePerMin, unit)}`;
}

/** The rate without its sign, for sentences whose verb already says the direction. */
export function formatSpeed(ratePerMin: number, unit: SeriesUnit): string {
  return Number.isFinite(ratePerMin) ? rateBody(Math.abs(ratePerMin), unit) : '\u2014';
}

import { SourceError } from './source';

/**
 * A reading as a finite number: numbers, bigints, and number-like strings (Postgres sends
 * `count(*)` and `numeric` as text, MySQL its DECIMALs). Anything else is undefined.
 */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A short rendering of a value that is not a number, for the error that says so. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value instanceof Date ? 'a date' : 'an object';
  return String(value);
}

/** Either a number, or the sentence for the error. */
export function requireNumber(value: unknown, what: string): number {
  const n = toNumber(value);
  if (n === undefined) throw new SourceError(`${what} is ${describeValue(value)}, not a number`);
  return n;
}

import { describe, it, expect } from 'vitest';
import { formatDuration, parseDuration } from '@shared/runbook';

const minutesOf = (text: string) => {
  const r = parseDuration(text);
  if (!r.ok) throw new Error(r.error);
  return r.minutes;
};
const errorOf = (text: string) => {
  const r = parseDuration(text);
  if (r.ok) throw new Error(`"${text}" was read as ${r.minutes} minutes`);
  return r.error;
};

describe('parseDuration', () => {
  it.each([
    ['15m', 15],
    ['1h', 60],
    ['1h30m', 90],
    ['90s', 1.5],
    ['2h 15m', 135],
    ['45 min', 45],
    ['1.5h', 90],
    ['  10 minutes ', 10],
    ['1 hour 5 mins 30 secs', 65.5],
    ['0m', 0],
    ['2H', 120],
  ])('reads %j as %d minutes', (text, minutes) => {
    expect(minutesOf(text)).toBe(minutes);
  });

  it('names the examples to try when it cannot read a duration', () => {
    expect(errorOf('15x')).toBe('"15x" is not a duration (try 15m, 1h or 1h30m)');
    expect(errorOf('soon')).toBe('"soon" is not a duration (try 15m, 1h or 1h30m)');
    expect(errorOf('1h30')).toBe('"1h30" is not a duration (try 15m, 1h or 1h30m)');
  });

  it('asks for a unit when given a bare number, guessing minutes', () => {
    expect(errorOf('45')).toBe('"45" needs a unit (did you mean 45m?)');
  });

  it('refuses an empty duration', () => {
    expect(errorOf('  ')).toMatch(/missing/);
  });

  it('refuses negative durations', () => {
    expect(errorOf('-5m')).toMatch(/is not a duration/);
  });

  it('refuses units out of order or repeated, which are more likely typos than sums', () => {
    expect(errorOf('30m 1h')).toMatch(/hours before the minutes/);
    expect(errorOf('1h 1h')).toMatch(/each unit once/);
  });

  it('refuses anything longer than a week, the longest a plan can hold', () => {
    expect(minutesOf('168h')).toBe(7 * 24 * 60);
    expect(errorOf('169h')).toBe('"169h" is longer than a week');
  });
});

describe('formatDuration', () => {
  it.each([
    [15, '15m'],
    [60, '1h'],
    [90, '1h 30m'],
    [135, '2h 15m'],
    [1.5, '1m 30s'],
    [0.5, '30s'],
    [0, '0m'],
    [-20, '-20m'],
  ])('writes %d minutes as %j', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it('reads back what it writes', () => {
    for (const minutes of [1, 7.25, 45, 90, 125, 600, 1439.5]) expect(minutesOf(formatDuration(minutes))).toBe(minutes);
  });

  it('refuses to format a number that is not finite', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});

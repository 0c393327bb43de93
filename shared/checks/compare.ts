import type { CompareOp } from './schema';

/** What each comparison reads as in a sentence, and what failing it reads as. */
export const OP_WORDS: Record<CompareOp, { is: string; isNot: string; sign: string }> = {
  below: { is: 'below', isNot: 'not below', sign: '<' },
  at_most: { is: 'at most', isNot: 'above', sign: '≤' },
  above: { is: 'above', isNot: 'not above', sign: '>' },
  at_least: { is: 'at least', isNot: 'below', sign: '≥' },
  equal: { is: 'equal to', isNot: 'not equal to', sign: '=' },
  not_equal: { is: 'not equal to', isNot: 'equal to', sign: '≠' },
};

export function compare(v: number, op: CompareOp, to: number): boolean {
  switch (op) {
    case 'below':
      return v < to;
    case 'at_most':
      return v <= to;
    case 'above':
      return v > to;
    case 'at_least':
      return v >= to;
    case 'equal':
      return v === to;
    case 'not_equal':
      return v !== to;
  }
}

const formats = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
/** A number as evidence reads it: en-US digits, up to three decimals ("1,000", "2.5"). */
export const num = (n: number): string => formats.format(n);

/** "7 is not below 5" / "3 is below 5". */
export const comparedSentence = (v: number, op: CompareOp, to: number): string =>
  `${num(v)} is ${compare(v, op, to) ? OP_WORDS[op].is : OP_WORDS[op].isNot} ${num(to)}`;

/** Two sides within a tolerance: "999 vs 1,000: differ by 1 (tolerance 0)". */
export function withinTolerance(a: number, b: number, tolerance: number): { pass: boolean; summary: string } {
  const diff = Math.abs(a - b);
  const pass = diff <= tolerance;
  const summary = diff === 0 ? `${num(a)} and ${num(b)}: the same` : `${num(a)} vs ${num(b)}: differ by ${num(diff)} (tolerance ${num(tolerance)})`;
  return { pass, summary };
}

import type { CommandIndex } from './eventStore';

/** Each key, then its events' seq (one number) or seqs (an array), keys in ascending order. */
type Flat = readonly (string | number | number[])[];

const byKey = (a: CommandIndex[number], b: CommandIndex[number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The commands a snapshot holds, in key order, kept flat as the file snapshot stores them:
 * ["key",seq,"key",[seq,seq],…]. A long night has a hundred thousand; holding them as
 * [key, [seqs]] pairs made two arrays per command at every open, which with the garbage they
 * left took as long as parsing the whole snapshot. Here the parsed array is used as it is and
 * a command is found by binary search; a command's seqs become an array only when asked for.
 */
export class SortedCommands {
  static readonly EMPTY = new SortedCommands([]);

  private constructor(private readonly flat: Flat) {}

  /** Pairs in any order (a snapshot of the row store's format, a test), sorted if they are not. */
  static fromPairs(pairs: CommandIndex): SortedCommands {
    const inOrder = pairs.every((e, i) => i === 0 || pairs[i - 1]![0] < e[0]);
    const flat: (string | number | number[])[] = [];
    for (const [key, seqs] of inOrder ? pairs : [...pairs].sort(byKey)) flat.push(key, seqs.length === 1 ? seqs[0]! : seqs);
    return new SortedCommands(flat);
  }

  /**
   * A file snapshot's flat array as parsed; null unless every key is a string, strictly after
   * the one before it, and every seq a number: a binary search over keys out of order would
   * miss a command and apply its retry twice.
   */
  static fromFlat(flat: unknown): SortedCommands | null {
    if (!Array.isArray(flat) || flat.length % 2 !== 0) return null;
    for (let i = 0; i < flat.length; i += 2) {
      const key: unknown = flat[i];
      const seqs: unknown = flat[i + 1];
      if (typeof key !== 'string' || (i > 0 && !((flat[i - 2] as string) < key))) return null;
      if (typeof seqs !== 'number' && !(Array.isArray(seqs) && seqs.length > 0 && seqs.every((n) => typeof n === 'number'))) return null;
    }
    return new SortedCommands(flat as Flat);
  }

  get size(): number {
    return this.flat.length / 2;
  }

  /** The seqs of the command under `key`, if it is here. */
  find(key: string): number[] | undefined {
    const { flat } = this;
    let lo = 0;
    let hi = flat.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = flat[2 * mid] as string;
      if (k === key) return seqsOf(flat[2 * mid + 1]!);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** These and `recent` (sorted by key; one of them wins over one here under the same key), in key order. */
  merged(recent: CommandIndex): SortedCommands {
    if (recent.length === 0) return this;
    const { flat } = this;
    const out: (string | number | number[])[] = [];
    let i = 0;
    for (const [key, seqs] of recent) {
      for (; i < flat.length && (flat[i] as string) < key; i += 2) out.push(flat[i]!, flat[i + 1]!);
      if (i < flat.length && flat[i] === key) i += 2; // the recent answer stands
      out.push(key, seqs.length === 1 ? seqs[0]! : seqs);
    }
    for (; i < flat.length; i++) out.push(flat[i]!);
    return new SortedCommands(out);
  }

  /** The flat array, for the file snapshot to write as it is. */
  toFlat(): Flat {
    return this.flat;
  }

  /** As [key, seqs] pairs, in key order: the row store's snapshot format. */
  toPairs(): CommandIndex {
    const pairs: CommandIndex = [];
    for (let i = 0; i < this.flat.length; i += 2) pairs.push([this.flat[i] as string, seqsOf(this.flat[i + 1]!)]);
    return pairs;
  }
}

const seqsOf = (v: string | number | number[]): number[] => (typeof v === 'number' ? [v] : (v as number[]));

import type { CommandIndex } from '../journal/eventStore';

type Entry = CommandIndex[number];

const byKey = (a: Entry, b: Entry): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The commands applied so far, by member and id, each with the seqs of its events: a retry
 * is answered from here. Those a snapshot brought are kept as it gave them when they come
 * sorted by key (the file journal's do) and found by binary search: putting a hundred
 * thousand of them in a Map took longer than the rest of opening a long night. Those applied
 * since are in a Map, and move into the sorted part at each snapshot.
 */
export class AppliedCommands {
  private sorted: CommandIndex;
  private recent: Map<string, number[]>;

  constructor(fromSnapshot: CommandIndex) {
    const inOrder = fromSnapshot.every((e, i) => i === 0 || fromSnapshot[i - 1]![0] < e[0]);
    this.sorted = inOrder ? fromSnapshot : [];
    this.recent = inOrder ? new Map() : new Map(fromSnapshot);
  }

  get(key: string): number[] | undefined {
    return this.recent.get(key) ?? this.find(key);
  }

  set(key: string, seqs: number[]): void {
    this.recent.set(key, seqs);
  }

  /** Every command in key order, for a snapshot; the recent ones are merged into the sorted part. */
  entries(): CommandIndex {
    if (this.recent.size === 0) return this.sorted;
    const recent = [...this.recent].sort(byKey);
    const merged: CommandIndex = [];
    let i = 0;
    for (const entry of recent) {
      while (i < this.sorted.length && this.sorted[i]![0] < entry[0]) merged.push(this.sorted[i++]!);
      if (i < this.sorted.length && this.sorted[i]![0] === entry[0]) i++; // the recent answer stands
      merged.push(entry);
    }
    while (i < this.sorted.length) merged.push(this.sorted[i++]!);
    this.sorted = merged;
    this.recent = new Map();
    return merged;
  }

  private find(key: string): number[] | undefined {
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.sorted[mid]![0];
      if (k === key) return this.sorted[mid]![1];
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}

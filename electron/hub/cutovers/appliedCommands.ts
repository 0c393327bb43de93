import type { CommandIndex } from '../journal/eventStore';

type Entry = CommandIndex[number];

const byKey = (a: Entry, b: Entry): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The commands applied so far, by member and id, each with the seqs of its events: a retry
 * is answered from here. Those a snapshot brought are kept as it gave them when they come
 * sorted by key (the file journal's do) and found by binary search: putting a hundred
 * thousand of them in a Map took longer than the rest of opening a long night. Those applied
 * since are in a Map by member, then by id, and move into the sorted part at each snapshot:
 * the ids are the strings the events were parsed into, so a lookup hashes each once, where
 * one key joining member and id was a new string to hash for every event of a journal folded
 * without a snapshot.
 */
export class AppliedCommands {
  private sorted: CommandIndex;
  private recent = new Map<string, Map<string, number[]>>();

  constructor(fromSnapshot: CommandIndex) {
    const inOrder = fromSnapshot.every((e, i) => i === 0 || fromSnapshot[i - 1]![0] < e[0]);
    this.sorted = inOrder ? fromSnapshot : [];
    if (inOrder) return;
    for (const [key, seqs] of fromSnapshot) {
      const cut = key.indexOf('\n'); // commandKey's member, then id
      this.recentOf(key.slice(0, cut)).set(key.slice(cut + 1), seqs);
    }
  }

  get(actorId: string, commandId: string): number[] | undefined {
    return this.recent.get(actorId)?.get(commandId) ?? (this.sorted.length > 0 ? this.find(commandKey(actorId, commandId)) : undefined);
  }

  set(actorId: string, commandId: string, seqs: number[]): void {
    this.recentOf(actorId).set(commandId, seqs);
  }

  /** Every command in key order, for a snapshot; the recent ones are merged into the sorted part. */
  entries(): CommandIndex {
    if (this.recent.size === 0) return this.sorted;
    const recent: CommandIndex = [];
    for (const [actorId, byId] of this.recent) for (const [commandId, seqs] of byId) recent.push([commandKey(actorId, commandId), seqs]);
    recent.sort(byKey);
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

  private recentOf(actorId: string): Map<string, number[]> {
    let byId = this.recent.get(actorId);
    if (!byId) this.recent.set(actorId, (byId = new Map()));
    return byId;
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

/**
 * Ids are the client's to choose, so they are scoped per member: another member's command
 * with the same id is a command of its own, never answered with someone else's ack. Events
 * carry both `actor.id` and `commandId`, so the index is rebuilt from the journal alike.
 * This is how a snapshot's index names a command.
 */
export function commandKey(actorId: string, commandId: string): string {
  return `${actorId}\n${commandId}`;
}

import { keyHash, type CommandRuns } from '../journal/commandRuns';

/** Who sent the event stored at a seq, and under which command id (none if it is not stored). */
export type CommandAt = (seq: number) => { actorId: string; commandId: string | undefined } | null;

/**
 * The commands applied so far, so that a retry is answered with its first seqs instead of
 * being applied again. Only numbers are kept: each run of a command's events as the hash of
 * its key, its first seq and its count (journal/commandRuns.ts), found through an open-addressed
 * table of hashes. A lookup hashes the member and id and checks each run under that hash
 * against the event stored at its first seq, so two commands whose keys hash alike are never
 * taken for each other. Keeping every id as a string in a Map (a hundred thousand on a long
 * night) took longer than the rest of folding the journal, most of it in the garbage
 * collector moving those strings.
 */
export class AppliedCommands {
  /** Flat [hash, first, count] triples, in the order they were added. */
  private runs: number[];
  /** Run index + 1 per slot (0: empty), placed by hash with linear probing; at most half full. */
  private slots = new Int32Array(1024);

  /** `more`: how many runs are about to be added (at most), so the table is made that big at once. */
  constructor(
    from: CommandRuns,
    private readonly commandAt: CommandAt,
    more = 0,
  ) {
    this.runs = from.slice();
    // Growing by doubling placed every run again at each step: eight times over for a long night's fold.
    this.resize(this.runs.length / 3, more);
  }

  /** Remembers a run of `count` events from `first` that came from this member's command. */
  add(actorId: string, commandId: string, first: number, count: number): void {
    this.runs.push(keyHash(actorId, commandId), first, count);
    const n = this.runs.length / 3;
    if (n * 2 > this.slots.length) this.resize(n);
    else this.place(n - 1);
  }

  /** The seqs of this member's command, in order, if it was applied. */
  get(actorId: string, commandId: string): number[] | undefined {
    const h = keyHash(actorId, commandId);
    const mask = this.slots.length - 1;
    let seqs: number[] | undefined;
    for (let i = h & mask; this.slots[i] !== 0; i = (i + 1) & mask) {
      const at = (this.slots[i]! - 1) * 3;
      if (this.runs[at] !== h) continue;
      const first = this.runs[at + 1]!;
      const stored = this.commandAt(first);
      if (stored?.actorId !== actorId || stored.commandId !== commandId) continue; // another command, same hash
      seqs ??= [];
      for (let s = first; s < first + this.runs[at + 2]!; s++) if (!seqs.includes(s)) seqs.push(s);
    }
    return seqs?.sort((a, b) => a - b);
  }

  /** The runs whose events are all at or before `seq`, for a snapshot taken there. */
  runsUpTo(seq: number): CommandRuns {
    // A run is added once its events are durable and a snapshot is taken at the durable seq,
    // so nearly always every run is in it: copied at once, not picked one at a time (a long
    // night's hundred thousand runs, at every snapshot, stalled the hub ~7 ms each time).
    let ahead = -1;
    for (let at = 0; at < this.runs.length && ahead < 0; at += 3) if (this.runs[at + 1]! + this.runs[at + 2]! - 1 > seq) ahead = at;
    if (ahead < 0) return this.runs.slice();
    const out = this.runs.slice(0, ahead);
    for (let at = ahead; at < this.runs.length; at += 3) {
      if (this.runs[at + 1]! + this.runs[at + 2]! - 1 <= seq) out.push(this.runs[at]!, this.runs[at + 1]!, this.runs[at + 2]!);
    }
    return out;
  }

  private place(r: number): void {
    const mask = this.slots.length - 1;
    let i = this.runs[r * 3]! & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = r + 1;
  }

  /** A table in which all the runs there are (and `room` more) fill at most half the slots, each placed in it. */
  private resize(count: number, room = 0): void {
    let size = this.slots.length;
    while ((count + room) * 2 > size) size *= 2;
    this.slots = new Int32Array(size);
    for (let r = 0; r < count; r++) this.place(r);
  }
}

/**
 * Ids are the client's to choose, so they are scoped per member: another member's command
 * with the same id is a command of its own, never answered with someone else's ack. Events
 * carry both `actor.id` and `commandId`, so the index is rebuilt from the journal alike.
 */
export function commandKey(actorId: string, commandId: string): string {
  return `${actorId}\n${commandId}`;
}

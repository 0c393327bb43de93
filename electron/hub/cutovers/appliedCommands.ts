import type { CommandIndex } from '../journal/eventStore';
import type { SortedCommands } from '../journal/sortedCommands';

const byKey = (a: CommandIndex[number], b: CommandIndex[number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The commands applied so far, by member and id, each with the seqs of its events: a retry
 * is answered from here. Those a snapshot brought are kept as it gave them, in key order,
 * and found by binary search (sortedCommands.ts): putting a hundred thousand of them in a Map
 * took longer than the rest of opening a long night. Those applied since are in a Map by
 * member, then by id, and move into the sorted part at each snapshot: the ids are the strings
 * the events were parsed into, so a lookup hashes each once, where one key joining member and
 * id was a new string to hash for every event of a journal folded without a snapshot.
 */
export class AppliedCommands {
  private recent = new Map<string, Map<string, number[]>>();

  constructor(private sorted: SortedCommands) {}

  get(actorId: string, commandId: string): number[] | undefined {
    return this.recent.get(actorId)?.get(commandId) ?? (this.sorted.size > 0 ? this.sorted.find(commandKey(actorId, commandId)) : undefined);
  }

  set(actorId: string, commandId: string, seqs: number[]): void {
    let byId = this.recent.get(actorId);
    if (!byId) this.recent.set(actorId, (byId = new Map()));
    byId.set(commandId, seqs);
  }

  /** Every command in key order, for a snapshot; the recent ones are merged into the sorted part. */
  entries(): SortedCommands {
    if (this.recent.size === 0) return this.sorted;
    const recent: CommandIndex = [];
    for (const [actorId, byId] of this.recent) for (const [commandId, seqs] of byId) recent.push([commandKey(actorId, commandId), seqs]);
    this.sorted = this.sorted.merged(recent.sort(byKey));
    this.recent = new Map();
    return this.sorted;
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

import { describe, expect, it } from 'vitest';
import { AppliedCommands, type CommandAt } from '../../../electron/hub/cutovers/appliedCommands';
import { isCommandRuns, joinedKeyHash, keyHash, runsFromKeys } from '../../../electron/hub/journal/commandRuns';

/*
 * The commands a cutover applied, kept as numbers: a retry is answered from here, after a
 * restart too, and each answer is checked against the stored event it points at.
 */

/** A journal of events by seq: who sent each, under which command id. */
function journal(...events: [actorId: string, commandId?: string][]): CommandAt {
  return (seq) => {
    const e = events[seq - 1];
    return e ? { actorId: e[0], commandId: e[1] } : null;
  };
}

// Two ids whose keys share a hash (found by search; FNV-1a 32 is fixed by the snapshot format).
const CLASH_A = 'cmd-329599';
const CLASH_B = 'cmd-532382';

describe('the applied commands', () => {
  it('answers each command with its seqs, and never another member’s command of the same id', () => {
    const at = journal(['m-1', 'c-1'], ['m-2', 'c-1'], ['m-2', 'c-1'], ['m-1']);
    const applied = new AppliedCommands([], at);
    applied.add('m-1', 'c-1', 1, 1);
    applied.add('m-2', 'c-1', 2, 2);
    expect(applied.get('m-1', 'c-1')).toEqual([1]);
    expect(applied.get('m-2', 'c-1')).toEqual([2, 3]);
    expect(applied.get('m-3', 'c-1')).toBeUndefined();
    expect(applied.get('m-1', 'c-2')).toBeUndefined();
  });

  it('tells apart two commands whose keys hash alike, by the events they point at', () => {
    expect(keyHash('m-1', CLASH_A)).toBe(keyHash('m-1', CLASH_B));
    const at = journal(['m-1', CLASH_A], ['m-1', CLASH_B]);
    const applied = new AppliedCommands([], at);
    applied.add('m-1', CLASH_A, 1, 1);
    expect(applied.get('m-1', CLASH_B)).toBeUndefined(); // the hash is there, the command is not
    applied.add('m-1', CLASH_B, 2, 1);
    expect(applied.get('m-1', CLASH_A)).toEqual([1]);
    expect(applied.get('m-1', CLASH_B)).toEqual([2]);
  });

  it('answers a command whose events were stored in two runs with all of them, in order', () => {
    const at = journal(['m-1', 'c-1'], ['m-2'], ['m-1', 'c-1']);
    const applied = new AppliedCommands([], at);
    applied.add('m-1', 'c-1', 3, 1);
    applied.add('m-1', 'c-1', 1, 1);
    expect(applied.get('m-1', 'c-1')).toEqual([1, 3]);
  });

  it('hands a snapshot the runs up to its seq, and answers from them after a restart', () => {
    const events: [string, string][] = Array.from({ length: 3000 }, (_, i) => [`m-${i % 7}`, `c-${i}`]);
    const at = journal(...events);
    const applied = new AppliedCommands([], at);
    events.forEach(([actor, id], i) => applied.add(actor, id, i + 1, 1));
    const runs = applied.runsUpTo(2000);
    expect(runs).toHaveLength(2000 * 3);
    expect(isCommandRuns(runs)).toBe(true);
    // Reopened from that snapshot: the runs after it are folded again from the journal.
    const reopened = new AppliedCommands(runs, at);
    events.slice(2000).forEach(([actor, id], i) => reopened.add(actor, id, 2001 + i, 1));
    for (const [i, [actor, id]] of events.entries()) expect(reopened.get(actor, id)).toEqual([i + 1]);
    expect(reopened.get('m-0', 'c-1')).toBeUndefined(); // c-1 was m-1's
    // All of them, at the seq of the last.
    expect(applied.runsUpTo(3000)).toEqual(events.flatMap(([actor, id], i) => [keyHash(actor, id), i + 1, 1]));
  });

  it('leaves out of a snapshot a run that reaches past it, wherever it was added', () => {
    const at = journal(['m-1', 'a'], ['m-1', 'b'], ['m-1', 'b'], ['m-2', 'c'], ['m-3', 'd']);
    const applied = new AppliedCommands([], at);
    applied.add('m-1', 'a', 1, 1);
    applied.add('m-1', 'b', 2, 2);
    applied.add('m-3', 'd', 5, 1);
    applied.add('m-2', 'c', 4, 1);
    expect(applied.runsUpTo(4)).toEqual([keyHash('m-1', 'a'), 1, 1, keyHash('m-1', 'b'), 2, 2, keyHash('m-2', 'c'), 4, 1]);
    expect(applied.runsUpTo(2)).toEqual([keyHash('m-1', 'a'), 1, 1]);
  });
});

describe('a snapshot’s commands', () => {
  it('are triples of integers, each seq and count at least 1', () => {
    expect(isCommandRuns([keyHash('m-1', 'a'), 1, 1, -5, 2, 3])).toBe(true);
    for (const bad of [[1, 1], [1, 0, 1], [1, 1, 0], [1.5, 1, 1], [2 ** 32, 1, 1], ['1', 1, 1], { 0: 1 }]) expect(isCommandRuns(bad)).toBe(false);
  });

  it('of the older formats are named by key and become runs under the same hash, one per stretch of seqs', () => {
    const key = 'm-1\nc-1';
    expect(joinedKeyHash(key)).toBe(keyHash('m-1', 'c-1'));
    expect(
      runsFromKeys([
        [key, [4, 5, 6, 9]],
        ['m-2\nx', 7],
      ]),
    ).toEqual([joinedKeyHash(key), 4, 3, joinedKeyHash(key), 9, 1, keyHash('m-2', 'x'), 7, 1]);
    expect(runsFromKeys([[key, []]])).toBeNull();
    expect(runsFromKeys([[7, [1]]])).toBeNull();
    expect(runsFromKeys([[key, ['1']]])).toBeNull();
  });
});

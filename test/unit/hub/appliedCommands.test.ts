import { describe, expect, it } from 'vitest';
import { AppliedCommands, commandKey } from '../../../electron/hub/cutovers/appliedCommands';
import { SortedCommands } from '../../../electron/hub/journal/sortedCommands';

/*
 * The commands a cutover applied, by member and id: a retry is answered from here after a
 * restart, whichever order the snapshot's index came in.
 */
describe('the applied commands', () => {
  const index: [string, number[]][] = [
    [commandKey('m-2', 'c-1'), [5]],
    [commandKey('m-1', 'c-9'), [3, 4]],
    [commandKey('m-1', 'c-1'), [1]],
  ];

  it('answers each command of a snapshot, sorted or not, and never another member’s', () => {
    for (const given of [index, [...index].sort((a, b) => (a[0] < b[0] ? -1 : 1))]) {
      const applied = new AppliedCommands(SortedCommands.fromPairs(given));
      expect(applied.get('m-1', 'c-1')).toEqual([1]);
      expect(applied.get('m-1', 'c-9')).toEqual([3, 4]);
      expect(applied.get('m-2', 'c-1')).toEqual([5]);
      expect(applied.get('m-2', 'c-9')).toBeUndefined();
    }
  });

  it('hands a snapshot every command in key order, those applied since included', () => {
    const applied = new AppliedCommands(SortedCommands.fromPairs(index));
    applied.set('m-1', 'c-5', [6]);
    applied.set('m-2', 'c-1', [7]); // a recent answer under a key the snapshot had stands
    expect(applied.entries().toPairs()).toEqual([
      [commandKey('m-1', 'c-1'), [1]],
      [commandKey('m-1', 'c-5'), [6]],
      [commandKey('m-1', 'c-9'), [3, 4]],
      [commandKey('m-2', 'c-1'), [7]],
    ]);
    expect(applied.get('m-1', 'c-5')).toEqual([6]);
    expect(applied.get('m-2', 'c-1')).toEqual([7]);
  });
});

describe('a file snapshot’s flat command list', () => {
  it('is taken as it is when its keys are strings in strictly ascending order and its seqs numbers', () => {
    const flat = [commandKey('m-1', 'a'), 1, commandKey('m-1', 'b'), [2, 3], commandKey('m-2', 'a'), 4];
    const sorted = SortedCommands.fromFlat(flat);
    expect(sorted?.size).toBe(3);
    expect(sorted?.find(commandKey('m-1', 'b'))).toEqual([2, 3]);
    expect(sorted?.find(commandKey('m-2', 'a'))).toEqual([4]);
    expect(sorted?.find(commandKey('m-2', 'b'))).toBeUndefined();
    expect(sorted?.toFlat()).toBe(flat);
  });

  it('is refused when a binary search over it could miss a command: out of order, repeated, or not keys and seqs', () => {
    for (const bad of [
      ['m-1\nb', 1, 'm-1\na', 2],
      ['m-1\na', 1, 'm-1\na', 2],
      ['m-1\na', 1, 'm-1\nb'],
      ['m-1\na', '1'],
      ['m-1\na', []],
      [7, 1],
      { 'm-1\na': 1 },
    ]) {
      expect(SortedCommands.fromFlat(bad)).toBeNull();
    }
  });
});

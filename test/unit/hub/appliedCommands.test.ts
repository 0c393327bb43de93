import { describe, expect, it } from 'vitest';
import { AppliedCommands, commandKey } from '../../../electron/hub/cutovers/appliedCommands';

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
      const applied = new AppliedCommands(given);
      expect(applied.get('m-1', 'c-1')).toEqual([1]);
      expect(applied.get('m-1', 'c-9')).toEqual([3, 4]);
      expect(applied.get('m-2', 'c-1')).toEqual([5]);
      expect(applied.get('m-2', 'c-9')).toBeUndefined();
    }
  });

  it('hands a snapshot every command in key order, those applied since included', () => {
    const applied = new AppliedCommands(index);
    applied.set('m-1', 'c-5', [6]);
    expect(applied.entries().map(([key]) => key)).toEqual([
      commandKey('m-1', 'c-1'),
      commandKey('m-1', 'c-5'),
      commandKey('m-1', 'c-9'),
      commandKey('m-2', 'c-1'),
    ]);
    expect(applied.get('m-1', 'c-5')).toEqual([6]);
  });
});

import { describe, expect, it } from 'vitest';
import { memberPresence, presenceNote } from '../../../renderer/features/crew/crewView';

/*
 * Who is connected comes from the hub while this window is live. With its link gone, the last
 * list is only what was true then: the Crew tab must not call anyone connected now.
 */

describe('what the Crew tab says of who is connected', () => {
  it('says connected or away while this window is live', () => {
    expect(memberPresence({ kind: 'live' }, true)).toEqual({ dot: 'on', words: 'connected · ' });
    expect(memberPresence({ kind: 'live' }, false)).toEqual({ dot: 'off', words: 'away · ' });
    expect(presenceNote({ kind: 'live' })).toBeNull();
  });

  it('calls nobody connected while this window has no link, and says the list is as of the moment it was lost', () => {
    const lost = { kind: 'unknown', asOf: 'as of 02:14, 2 min ago' } as const;
    expect(memberPresence(lost, true)).toEqual({ dot: 'unknown', words: 'was connected · ' });
    expect(memberPresence(lost, false)).toEqual({ dot: 'unknown', words: 'was away · ' });
    expect(presenceNote(lost)).toBe('Who is connected is not known while this window has no link to the hub: below is the list as of 02:14, 2 min ago.');
  });

  it('says nothing of anyone before this window was ever live, and nothing of presence in a recorded night', () => {
    expect(memberPresence({ kind: 'unknown', asOf: null }, true)).toEqual({ dot: 'unknown', words: '' });
    expect(presenceNote({ kind: 'unknown', asOf: null })).toContain('not known yet');
    expect(memberPresence({ kind: 'replay' }, true)).toEqual({ dot: null, words: '' });
    expect(presenceNote({ kind: 'replay' })).toBeNull();
  });
});

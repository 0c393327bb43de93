import { describe, expect, it } from 'vitest';
import { mayDo, ROLES, type HubAction } from '@shared/cutover';
import { permit } from '../../../electron/hub/transport/permits';

describe('who may do what the hub does besides commands', () => {
  it('lets the lead and operators test lag sources, and only the lead one that uses a hub secret', () => {
    expect(ROLES.filter((r) => mayDo(r, 'source.probe'))).toEqual(['lead', 'operator']);
    expect(permit('operator', 'source.probeWithSecret')).toEqual({ ok: false, reason: 'Only the lead may test a source that uses a hub secret' });
  });

  it('lets the lead and comms test comms, and tells anyone else so in a sentence', () => {
    expect(permit('comms', 'comms.check')).toEqual({ ok: true });
    expect(permit('operator', 'comms.check')).toEqual({ ok: false, reason: 'Only the lead or comms may test comms' });
  });

  it('gives every invite the archive, and the hub itself nothing', () => {
    expect(ROLES.every((r) => mayDo(r, 'archive.export'))).toBe(true);
    const actions = ['source.probe', 'source.probeWithSecret', 'comms.check', 'samples.push', 'archive.export'] satisfies HubAction[];
    for (const action of actions) expect(mayDo('system', action)).toBe(false);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { webJoinLink } from '@shared/protocol';
import { askInvite, checkInviteEarly } from '../../../renderer/features/start/earlyInviteCheck';
import { startTestHub, type TestHub } from '../../support/hubHarness';

/*
 * A join link's check asked from the page's first script (renderer/main.tsx) is the answer the
 * join gate uses, once, for that link, while it is recent; anything else is asked again. The
 * page's relative requests go to a real hub.
 */

let t: TestHub | undefined;
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await t?.stop();
  t = undefined;
});

/** A page at `link`: its requests to the hub's API, counted and sent to the hub. */
function pageAt(hub: TestHub, link: string): string[] {
  const asked: string[] = [];
  const fetchFromNode = globalThis.fetch;
  vi.stubGlobal('window', { location: { hash: new URL(link).hash } });
  vi.stubGlobal('fetch', (path: string, init?: RequestInit) => {
    asked.push(path);
    return fetchFromNode(`${hub.hub.url}${path}`, init);
  });
  return asked;
}

describe('the join link’s check asked early', () => {
  it('is the answer the join gate gets, once, for that link and within 30 s; otherwise it asks again', async () => {
    t = await startTestHub();
    const { cutoverId, tokens } = t;
    const asked = pageAt(t, webJoinLink({ hub: t.hub.url, cutoverId, token: tokens.operator }));

    checkInviteEarly();
    expect(asked).toHaveLength(1);
    expect(await askInvite(cutoverId, tokens.operator)).toMatchObject({ ok: true, role: 'operator', title: 'Database cutover' });
    expect(asked).toHaveLength(1);
    // Taken once: a second gate (a later effect) asks the hub again.
    expect(await askInvite(cutoverId, tokens.operator)).toMatchObject({ ok: true, role: 'operator' });
    expect(asked).toHaveLength(2);

    // Asked early for one link, and the gate is for another: that one is asked, and answered for itself.
    checkInviteEarly();
    expect(await askInvite(cutoverId, 'not-a-token')).toEqual({ ok: false, reason: 'This invite token is not valid for this cutover' });
    expect(asked).toHaveLength(4);

    // An answer more than 30 s old is not used: the link may have been revoked since.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    checkInviteEarly();
    vi.advanceTimersByTime(31_000);
    vi.useRealTimers();
    expect(await askInvite(cutoverId, tokens.operator)).toMatchObject({ ok: true });
    expect(asked).toHaveLength(6);
  });

  it('asks nothing on a page that is not a join link', async () => {
    t = await startTestHub();
    const asked = pageAt(t, `${t.hub.url}/#/`);
    checkInviteEarly();
    expect(asked).toEqual([]);
  });
});

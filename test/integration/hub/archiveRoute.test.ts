import { afterEach, describe, expect, it } from 'vitest';
import { decodeArchive } from '@shared/archive';
import { startTestHub, type TestHub } from '../../support/hubHarness';

/*
 * GET /api/cutovers/<id>/archive over real HTTP: any live invite of the cutover takes its
 * archive, and the route says nothing about which cutovers exist: no token, a token no invite
 * holds and a cutover that is not there all get the same 401 and the same sentence.
 */

let h: TestHub | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const archiveOf = (hub: TestHub, cutoverId: string, token?: string) =>
  fetch(`${hub.hub.url}/api/cutovers/${cutoverId}/archive`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('the archive route', () => {
  it('gives an invite holder the archive as a download, an observer too', async () => {
    h = await startTestHub();
    for (const role of ['lead', 'observer'] as const) {
      const res = await archiveOf(h, h.cutoverId, h.tokens[role]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
      const decoded = await decodeArchive(await res.text());
      expect(decoded.ok && decoded.state.info?.id).toBe(h.cutoverId);
    }
  });

  it('answers no token, a wrong token and an unknown cutover alike, with a 401', async () => {
    h = await startTestHub();
    const answers = await Promise.all([
      archiveOf(h, h.cutoverId),
      archiveOf(h, h.cutoverId, 'not-a-token-of-this-cutover'),
      archiveOf(h, 'c-not-here', h.tokens.lead),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(bodies[0]).toEqual({ error: 'This invite token is not valid for this cutover' });
  });
});

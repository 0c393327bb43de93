import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubClient, PendingCommand } from '@shared/client';
import { useCutover, withRefusal, type Refusal } from '../../../renderer/connection/cutoverStore';
import { noteDraft } from '../../../renderer/connection/noteDraft';
import { live, nodeClient, startTestHub, until, type TestHub } from '../../support/hubHarness';
import { installPageStorage } from '../../support/pageStorage';

/*
 * However many refusals arrive at once, every one that carries what someone wrote stays listed
 * until dismissed: the toast says "kept here until you dismiss it".
 */

let t: TestHub | undefined;
let detach: (() => void) | null = null;
let reloaded: HubClient | null = null;
afterEach(async () => {
  detach?.();
  detach = null;
  reloaded?.stop();
  reloaded = null;
  await t?.stop();
  t = undefined;
});

beforeEach(() => void installPageStorage());

const refusal = (id: string, typed: string | null): Refusal => ({
  id,
  type: 'note.add',
  reason: 'no',
  at: 0,
  what: 'Add a note to the timeline',
  typed,
  fromBeforeReload: true,
  backInComposer: false,
});

describe('refusals that carry typed text', () => {
  it('are never dropped to make room, however many there are', () => {
    let list: Refusal[] = [];
    for (let i = 1; i <= 7; i++) list = withRefusal(list, refusal(`n${i}`, `note ${i}`));
    expect(list.map((r) => r.typed)).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5', 'note 6', 'note 7']);
    // One with nothing typed that comes after them is listed too; the next one takes its place.
    list = withRefusal(list, refusal('p1', null));
    expect(list.map((r) => r.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'p1']);
    list = withRefusal(list, refusal('p2', null));
    expect(list.map((r) => r.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'p2']);
  });

  it('keeps all seven notes queued offline and refused together: the first back in the note box, every one listed', async () => {
    t = await startTestHub();
    const omar = t.client('operator', 'Omar');
    await live(omar);
    const cutoverId = omar.state.info!.id;
    omar.stop();
    // Seven notes written while the hub was away, each longer than a note may be (4,000 characters): the hub refuses them all.
    const texts = Array.from({ length: 7 }, (_, i) => `Note ${i + 1}: orders-db replica ${'x'.repeat(4000)}`);
    const queued: PendingCommand[] = texts.map((text, i) => ({
      id: `kept-${i + 1}`,
      type: 'note.add',
      payload: { text, severity: 'issue' },
      queuedAt: Date.now() - 60_000,
      sent: false,
    }));
    reloaded = nodeClient(t.hub.url, t.cutoverId, t.tokens.operator, 'Omar');
    reloaded.restorePending(queued);
    detach = useCutover.getState().attach(reloaded);
    reloaded.start();
    await until(reloaded, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'the kept notes answered');

    const refusals = useCutover.getState().refusals;
    expect(refusals.map((r) => r.typed)).toEqual(texts);
    expect(refusals.every((r) => r.fromBeforeReload)).toBe(true);
    expect(refusals[0]).toMatchObject({ backInComposer: true });
    expect(noteDraft(cutoverId).text).toBe(texts[0]);
    expect(refusals.slice(1).every((r) => !r.backInComposer)).toBe(true);
  });
});

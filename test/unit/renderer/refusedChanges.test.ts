import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubClient } from '@shared/client';
import { useCutover, withRefusal, type Refusal } from '../../../renderer/connection/cutoverStore';
import { keepNoteDraft, noteDraft } from '../../../renderer/connection/noteDraft';
import { leadWithStepDone, live, nodeClient, startTestHub, until, type TestHub } from '../../support/hubHarness';
import { installPageStorage } from '../../support/pageStorage';

/*
 * A refused change must not take what the person wrote with it, and one kept from before a
 * reload must not vanish without a word: the store lists both with what was asked and what
 * was typed, against a real hub.
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

const REASON = 'Consumer offsets on orders-db went backwards at 02:14, see #inc-4411';

/** A night where step a ("Stop event processing") is done already. */
async function stepADone() {
  t = await startTestHub();
  return leadWithStepDone(t);
}

const refusals = () => useCutover.getState().refusals;

describe('what the screen keeps of a refused change', () => {
  it('lists a change kept from before a reload that the hub refused, saying what it was and what was written for it', async () => {
    await stepADone();
    reloaded = nodeClient(t!.hub.url, t!.cutoverId, t!.tokens.operator, 'Omar');
    reloaded.restorePending([{ id: 'kept-fail', type: 'step.fail', payload: { stepId: 'a', reason: REASON }, queuedAt: Date.now() - 60_000, sent: true }]);
    detach = useCutover.getState().attach(reloaded);
    reloaded.start();
    await until(reloaded, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'the kept command answered');
    expect(refusals()).toEqual([
      expect.objectContaining({
        id: 'kept-fail',
        type: 'step.fail',
        reason: expect.stringContaining('cannot be failed'),
        what: 'Fail “Stop event processing”',
        typed: REASON,
        fromBeforeReload: true,
        backInComposer: false,
      }),
    ]);
  });

  it('keeps the reason typed for a change refused on this page', async () => {
    await stepADone();
    const omar = t!.client('operator', 'Omar');
    await live(omar);
    detach = useCutover.getState().attach(omar);
    expect(await useCutover.getState().send('step.skip', { stepId: 'a', reason: 'not needed tonight' })).toBe(false);
    expect(refusals()).toEqual([
      expect.objectContaining({ type: 'step.skip', what: 'Skip “Stop event processing”', typed: 'not needed tonight', fromBeforeReload: false }),
    ]);
  });

  it('gives a refused note back to an empty note box, and never over a note being written since', async () => {
    t = await startTestHub();
    const omar = t.client('operator', 'Omar');
    await live(omar);
    detach = useCutover.getState().attach(omar);
    const cutoverId = omar.state.info!.id;
    // Longer than a note may be (4,000 characters): the hub refuses it.
    const long = `Replica lag on orders-db climbing. ${'x'.repeat(4000)}`;
    expect(await useCutover.getState().send('note.add', { text: long, severity: 'issue' })).toBe(false);
    expect(noteDraft(cutoverId)).toEqual({ text: long, severity: 'issue' });
    expect(refusals().at(-1)).toMatchObject({ what: 'Add a note to the timeline', typed: long, backInComposer: true });

    keepNoteDraft(cutoverId, { text: 'Holding the switch', severity: 'info' });
    expect(await useCutover.getState().send('note.add', { text: `${long} again`, severity: 'issue' })).toBe(false);
    expect(noteDraft(cutoverId)).toEqual({ text: 'Holding the switch', severity: 'info' });
    expect(refusals().at(-1)).toMatchObject({ typed: `${long} again`, backInComposer: false });
  });

  it('drops the oldest refusal with nothing typed when the list is full, never one that holds someone’s text', () => {
    const refusal = (id: string, typed: string | null): Refusal => ({
      id,
      type: 'step.start',
      reason: 'no',
      at: 0,
      what: 'Start a step',
      typed,
      fromBeforeReload: false,
      backInComposer: false,
    });
    const list = [refusal('typed-1', 'why'), refusal('plain-1', null), refusal('typed-2', 'why'), refusal('plain-2', null), refusal('typed-3', 'why')];
    expect(withRefusal(list, refusal('new', null)).map((r) => r.id)).toEqual(['typed-1', 'typed-2', 'plain-2', 'typed-3', 'new']);
    const allTyped = list.map((r) => ({ ...r, typed: 'why' }));
    expect(withRefusal(allTyped, refusal('new', 'why')).map((r) => r.id)).toEqual(['typed-1', 'plain-1', 'typed-2', 'plain-2', 'typed-3', 'new']);
  });
});

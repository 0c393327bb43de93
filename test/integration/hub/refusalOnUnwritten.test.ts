import { afterEach, describe, expect, it } from 'vitest';
import { actionItems } from '@shared/actions';
import { CommandRejected, type HubClient } from '@shared/client';
import { journalOf, live, startTestHub, until, waitFor, type TestHub } from '../../support/hubHarness';

/*
 * A command refused because of another still being written. The hub decides each command on
 * the one before it, written or not; the refusal named the first ("already an action item,
 * added by Lena") before its write ended: the refused screen had not yet heard of it, and had
 * the write failed, the reason told of something that never happened.
 */

let t: TestHub;
let held: { release: (ok: boolean) => void } | null = null;
afterEach(async () => {
  held?.release(true); // a test that failed before releasing: the hub's writes end, so it stops
  held = null;
  await t?.stop();
});

/** Holds the cutover journal's next writes until `release`: they end as `release` says. */
function holdWrites() {
  const store = journalOf(t.hub, t.cutoverId);
  const write = store.append.bind(store);
  let release!: (ok: boolean) => void;
  const gate = new Promise<boolean>((r) => (release = r));
  store.append = async (raws) => {
    if (!(await gate)) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    return write(raws);
  };
  held = { release };
  return { release, restore: () => void (store.append = write) };
}

/** The answer to a command, and what the sender's screen held when the answer came. */
const answered = (client: HubClient, done: Promise<unknown>) =>
  done.then(
    () => ({ outcome: 'accepted', itemsSeen: actionItems(client.state).length }),
    (e: unknown) => ({ outcome: e instanceof CommandRejected ? `${e.code}: ${e.message}` : String(e), itemsSeen: actionItems(client.state).length }),
  );

async function twoAddingTheSameItem() {
  t = await startTestHub();
  const lead = t.client('lead', 'Lena');
  const dba = t.client('operator', 'Dan');
  await Promise.all([lead, dba].map(live));
  await lead.send('cutover.start', {}).done;
  const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
  const writes = holdWrites();
  const first = answered(lead, lead.send('action.add', { title: 'Rehearse the drain on a copy of live', owner: 'SRE team' }).done);
  await waitFor(() => actionItems(runtime.state).length === 1, 'the hub to decide the first item');
  let second: { outcome: string; itemsSeen: number } | null = null;
  const secondDone = answered(dba, dba.send('action.add', { title: 'rehearse the drain on a copy of live', owner: 'DBA team' }).done).then((a) => (second = a));
  return { lead, dba, writes, first, secondDone, second: () => second };
}

describe('a refusal that rests on a command still being written', () => {
  it('comes after that command, so the refused screen already shows what it was refused for', async () => {
    const { dba, writes, first, secondDone, second } = await twoAddingTheSameItem();
    // The second is on the hub and decided against the first; neither is answered while it is written.
    await new Promise((r) => setTimeout(r, 300));
    expect(second()).toBeNull();
    writes.release(true);
    expect(await first).toEqual({ outcome: 'accepted', itemsSeen: 1 });
    await secondDone;
    expect(second()).toEqual({
      outcome: 'precondition: “Rehearse the drain on a copy of live” is already an action item, added by Lena: change that one instead',
      itemsSeen: 1,
    });
    await until(dba, () => actionItems(dba.state).length === 1);
  });

  it('does not name a command whose write failed: neither is answered, and both windows keep theirs', async () => {
    const { lead, dba, writes, second } = await twoAddingTheSameItem();
    await new Promise((r) => setTimeout(r, 300));
    expect(second()).toBeNull();
    writes.release(false);
    // The hub records nothing more after a failed write: it says that (both windows keep
    // their item, to send again), not that the item exists.
    await until(dba, (c) => c.status !== 'live' && c.interruption !== null, 5000, 'Dan to hear the hub cannot record');
    await new Promise((r) => setTimeout(r, 300));
    expect(second()).toBeNull();
    expect(dba.interruption).toMatch(/EIO/);
    expect(dba.pending).toHaveLength(1);
    expect(lead.pending).toHaveLength(1);
    expect(actionItems(lead.state)).toEqual([]);
    expect(actionItems(dba.state)).toEqual([]);
    writes.restore();
  });
});

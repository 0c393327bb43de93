import { readFile, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CutoverEvent } from '@shared/cutover';
import { startHub } from '../../../electron/hub/hub';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

/*
 * A command whose events span several records (a ROLLBACK: the decision, then the rollback
 * started) torn by a power loss between them: the first record whole on disk, the next cut
 * short. Recovery kept whole records, so the decision came back without its rollback, and
 * the resend (the window never got its ack) was answered with the half as if it were done.
 */

let t: TestHub;
afterEach(async () => t?.stop());

describe('a command torn between its records by a crash', () => {
  it('is dropped whole at recovery, and the resend applies it whole', { timeout: 30_000 }, async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const avi = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.approver);
    avi.send({ t: 'hello', protocol: 1, name: 'Avi', since: 0 });
    await avi.next('synced');
    const had = t.hub.registry.get(t.cutoverId)!.runtime.durableSeq;
    const command = { t: 'command', id: 'rollback-1', type: 'decision.record', payload: { decision: 'rollback', rationale: 'replica lag will not come down' } };
    avi.send(command);
    const { seqs } = await avi.next('ack');
    expect(seqs).toHaveLength(2);
    avi.close();
    lead.stop();
    const port = t.hub.port;
    await t.hub.close();

    // The crash: the second record torn 40 bytes in, and no snapshot written on the way down.
    const dir = join(t.dir, 'cutovers', t.cutoverId);
    const journal = await readFile(join(dir, 'journal.jsonl'));
    const starts = [0];
    for (let i = journal.indexOf(10); i !== -1; i = journal.indexOf(10, i + 1)) starts.push(i + 1);
    const decisionAt = starts[seqs[0]! - 1]!;
    await truncate(join(dir, 'journal.jsonl'), starts[seqs[1]! - 1]! + 40);
    await rm(join(dir, 'snapshot.json'), { force: true });

    const logs: string[] = [];
    t.hub = await startHub({ dataDir: t.dir, port, log: (m) => logs.push(m) });
    const runtime = t.hub.registry.get(t.cutoverId)!.runtime;
    const stored = () => runtime.rawsAfter(0).map((r) => JSON.parse(r) as CutoverEvent);
    // Nothing of the command is left, and the cut is on the record (kept aside, as a torn write is).
    expect(stored().filter((e) => e.commandId === 'rollback-1')).toEqual([]);
    expect(runtime.state.decisions).toEqual([]);
    expect(stored().at(-1)).toMatchObject({ type: 'journal.recovered', payload: { atOffset: decisionAt } });
    expect(logs.join('\n')).toContain(`were a torn write (never acknowledged); they were cut and kept as journal.jsonl.torn-${decisionAt}`);

    // The window never got its ack: it reconnects from what it had and sends the command again.
    const again = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.approver);
    again.send({ t: 'hello', protocol: 1, name: 'Avi', since: had });
    await again.next('synced');
    again.send(command);
    expect((await again.next('ack')).seqs).toHaveLength(2);
    expect(
      stored()
        .filter((e) => e.commandId === 'rollback-1')
        .map((e) => e.type),
    ).toEqual(['decision.recorded', 'rollback.started']);
    expect(runtime.state.rollback).not.toBeNull();
    again.close();
  });
});

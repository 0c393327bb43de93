import { afterEach, describe, expect, it } from 'vitest';
import { CommandRejected, type HubClient, type UnclaimedRefusal } from '@shared/client';
import { timelineNotes } from '@shared/cutover';
import { leadWithStepDone, live, nodeClient, startTestHub, until, type TestHub } from '../../support/hubHarness';

let t: TestHub;
afterEach(async () => t?.stop());

/** A night the lead started, which Dan saw start before his laptop's lid closed. */
async function nightStartedWithDanAway(): Promise<{ lead: HubClient; dba: HubClient }> {
  t = await startTestHub();
  const lead = t.client('lead', 'Lena');
  const dba = t.client('operator', 'Dan');
  await Promise.all([live(lead), live(dba)]);
  await lead.send('cutover.start', {}).done;
  await until(dba, (d) => d.state.status === 'in_progress');
  dba.stop();
  return { lead, dba };
}

describe('a hub with several clients', () => {
  it('delivers every event to every client in one order', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dan');
    const sre = t.client('operator', 'Sam');
    await Promise.all([live(lead), live(dba), live(sre)]);

    await lead.send('cutover.start', {}).done;
    // Three people act at once; the hub picks one order and everyone folds the same one.
    await Promise.all([
      dba.send('step.start', { stepId: 'a' }).done,
      sre.send('note.add', { text: 'replication lag 2s', severity: 'info' }).done,
      lead.send('note.add', { text: 'banner updated', severity: 'action' }).done,
    ]);
    const head = t.hub.registry.get(t.cutoverId)!.runtime.state.seq;
    await Promise.all([lead, dba, sre].map((c) => until(c, (x) => x.state.seq === head)));

    const orders = [lead, dba, sre].map((c) => c.events.map((e) => `${e.seq}:${e.type}`).join(','));
    expect(new Set(orders).size).toBe(1);
    expect(lead.events.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(dba.state).toEqual(t.hub.registry.get(t.cutoverId)!.runtime.state);
    expect(sre.state.steps.a!.status).toBe('in_progress');
    expect(sre.state.steps.a!.startedBy).toBe('Dan');
  });

  it('acknowledges a command only with events every client then sees, with actor and command id', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const observer = t.client('observer', 'Olive');
    await Promise.all([live(lead), live(observer)]);
    const { id, done } = lead.send('cutover.start', {});
    const seqs = await done;
    await until(observer, (o) => o.state.seq >= seqs[0]!);
    const e = observer.events.find((x) => x.seq === seqs[0])!;
    expect(e).toMatchObject({ type: 'cutover.statusChanged', commandId: id, actor: { name: 'Lena', role: 'lead' } });
    expect(observer.state.status).toBe('in_progress');
  });

  it('refuses a step whose dependencies are not done, with the reason, and applies it when forced', async () => {
    t = await startTestHub();
    const lead = t.client('lead');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const refused = await lead.send('step.start', { stepId: 'b' }).done.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CommandRejected);
    expect((refused as CommandRejected).message).toMatch(/waiting on “Stop event processing” \(pending\)/);
    expect(lead.state.steps.b!.status).toBe('pending');

    await lead.send('step.start', { stepId: 'b', force: 'DBA confirmed the consumers are already stopped' }).done;
    expect(lead.state.steps.b).toMatchObject({ status: 'in_progress', forcedReason: 'DBA confirmed the consumers are already stopped' });
  });

  it('catches a client up after it reconnects, with what it missed and nothing twice', async () => {
    const { lead, dba } = await nightStartedWithDanAway();
    await lead.send('step.start', { stepId: 'a' }).done;
    await lead.send('step.complete', { stepId: 'a', note: 'consumers stopped' }).done;
    await lead.send('note.add', { text: 'queue building as expected', severity: 'info' }).done;
    const seqBefore = dba.state.seq;
    dba.start();
    await live(dba);
    const head = t.hub.registry.get(t.cutoverId)!.runtime.state.seq;
    await until(dba, (d) => d.state.seq === head);
    expect(dba.events.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(dba.events.filter((e) => e.seq > seqBefore).map((e) => e.type)).toEqual(expect.arrayContaining(['step.started', 'step.completed', 'note.added']));
    expect(dba.state.steps.a!.status).toBe('done');
  });

  it('tells a window catching up nothing until it has folded all it missed: the night it had, then the whole night at once', async () => {
    const { lead, dba } = await nightStartedWithDanAway();
    // Over the 1 MiB the hub sends before it waits for the socket to drain: the catch-up comes
    // in slices, and the answer to the ping sent with hello comes back amid them or after them.
    const text = 'replication lag report '.padEnd(4000, '.');
    for (let i = 0; i < 6; i++) await Promise.all(Array.from({ length: 50 }, () => lead.send('note.add', { text, severity: 'info' }).done));
    const had = dba.state.seq;
    const head = t.hub.registry.get(t.cutoverId)!.runtime.state.seq;
    const heard: Array<{ status: string; seq: number }> = [];
    const off = dba.subscribe(() => heard.push({ status: dba.status, seq: dba.state.seq }));
    dba.start();
    await live(dba);
    off();
    // What a listener (the screen) was shown while catching up: the night it had, and then all of it at once.
    expect(heard.filter((h) => h.status === 'syncing').map((h) => h.seq)).toEqual([had]);
    expect(heard.find((h) => h.status === 'live')).toEqual({ status: 'live', seq: head });
    expect(dba.clock.bestRttMs).not.toBeNull(); // the pong was read, only not told before `synced`
  });

  it('queues commands while offline and applies each once after reconnecting', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    lead.stop();
    const a = lead.send('note.add', { text: 'written offline 1', severity: 'info' });
    const b = lead.send('note.add', { text: 'written offline 2', severity: 'issue' });
    expect(lead.pending.map((p) => p.id)).toEqual([a.id, b.id]);
    lead.start();
    await Promise.all([a.done, b.done]);
    expect(timelineNotes(lead.events).map((n) => n.text)).toEqual(['written offline 1', 'written offline 2']);
    expect(lead.pending).toHaveLength(0);
  });

  it('answers a resent command id with the first result and no second effect', async () => {
    t = await startTestHub();
    const { RawSocket } = await import('../../support/rawSocket');
    const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.lead);
    raw.send({ t: 'hello', protocol: 1, name: 'Lena', since: 0 });
    await raw.next('synced');
    const cmd = { t: 'command', id: 'cmd-1', type: 'note.add', payload: { text: 'once', severity: 'info' } };
    raw.send(cmd);
    raw.send(cmd); // the resend after a flaky link
    const first = await raw.next('ack');
    const second = await raw.next('ack');
    expect(second.seqs).toEqual(first.seqs);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    expect(timelineNotes(lead.events).filter((n) => n.text === 'once')).toHaveLength(1);
    raw.close();
  });

  it('tells every client who is connected, with which role, and forgets those who leave', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const cto = t.client('approver', 'Chris');
    await Promise.all([live(lead), live(cto)]);
    await until(lead, (l) => l.presence.length === 2);
    expect(lead.presence.map((p) => `${p.name}:${p.role}`).sort()).toEqual(['Chris:approver', 'Lena:lead']);
    cto.stop();
    await until(lead, (l) => l.presence.length === 1);
    expect(
      Object.values(lead.state.members)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['Chris', 'Lena']);
  });

  it('survives a hub restart: clients reconnect, catch up and send what they queued', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    const dba = t.client('operator', 'Dan');
    await Promise.all([live(lead), live(dba)]);
    await lead.send('cutover.start', {}).done;
    const port = t.hub.port;
    await t.hub.close();
    await until(dba, (d) => d.status !== 'live');
    const queued = dba.send('note.add', { text: 'typed while the hub was down', severity: 'issue' });
    const { startHub } = await import('../../../electron/hub/hub');
    t.hub = await startHub({ dataDir: t.dir, port, log: () => undefined });
    await queued.done;
    await until(lead, (l) => timelineNotes(l.events).some((n) => n.text === 'typed while the hub was down'), 5000, 'note after restart');
    expect(lead.state).toEqual(t.hub.registry.get(t.cutoverId)!.runtime.state);
  });

  it('keeps several cutovers on one hub apart', async () => {
    t = await startTestHub();
    const other = await t.hub.createCutover({
      title: 'Second night',
      window: { start: 0, end: 60_000, timeZone: 'UTC' },
      isRehearsal: true,
      runbook: { phases: [] },
    });
    const { RawSocket } = await import('../../support/rawSocket');
    const crossed = await RawSocket.open(t.hub.url, other.cutoverId, t.tokens.lead);
    expect((await crossed.closedWith()).code).toBe(4401);
    const lead = t.client('lead', 'Lena');
    await live(lead);
    expect(lead.state.info?.title).toBe('Database cutover');
    expect(t.hub.registry.get(other.cutoverId)!.runtime.state.info).toMatchObject({ title: 'Second night', isRehearsal: true });
  });

  it('measures the client clock against the hub clock', async () => {
    const skew = 90_000; // the hub's clock runs 90 s ahead of this laptop's
    t = await startTestHub({ now: () => Date.now() + skew });
    const lead = t.client('lead', 'Lena', { pingEveryMs: 50 });
    await live(lead);
    await until(lead, (l) => l.clock.bestRttMs !== null && Math.abs(l.clock.offsetMs - skew) < 50, 3000, 'clock offset');
    expect(Math.abs(lead.hubNow() - (Date.now() + skew))).toBeLessThan(50);
  });

  /*
   * A command kept from before a reload (restorePending) has no sender waiting on the new page:
   * if the hub refuses it, the refusal goes to whoever listens for refusals nobody claims (the
   * screen), with the command itself so it can say what it was and what was written for it.
   */
  describe('a change put back after a reload and refused by the hub', () => {
    const REASON = 'Consumer offsets on orders-db went backwards at 02:14';

    /** Step a was running when Omar's page queued its "Fail"; Lena has since marked it done. */
    async function keptFailOfADoneStep() {
      t = await startTestHub();
      await leadWithStepDone(t);
      const reloaded = nodeClient(t.hub.url, t.cutoverId, t.tokens.operator, 'Omar');
      const kept = { id: 'kept-fail', type: 'step.fail' as const, payload: { stepId: 'a', reason: REASON }, queuedAt: Date.now() - 60_000, sent: true };
      reloaded.restorePending([kept]);
      return { reloaded, kept };
    }

    it('is told to whoever listens for refusals no sender claims, with the command and the hub’s reason', async () => {
      const { reloaded, kept } = await keptFailOfADoneStep();
      const heard: UnclaimedRefusal[] = [];
      reloaded.onUnclaimedRefusal((r) => heard.push(r));
      reloaded.start();
      try {
        await until(reloaded, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'the kept command answered');
        // One sent from this page has its own sender, who hears of its refusal: it is not told twice.
        await expect(reloaded.send('step.skip', { stepId: 'a', reason: 'not needed' }).done).rejects.toBeInstanceOf(CommandRejected);
        expect(heard).toEqual([
          {
            command: expect.objectContaining({ id: kept.id, type: 'step.fail', payload: kept.payload }),
            code: 'precondition',
            reason: expect.stringContaining('cannot be failed'),
          },
        ]);
      } finally {
        reloaded.stop();
      }
    });

    it('is kept for a listener that comes after the hub answered, and told to it once', async () => {
      const { reloaded, kept } = await keptFailOfADoneStep();
      reloaded.start();
      try {
        await until(reloaded, (c) => c.status === 'live' && c.pending.length === 0, 5000, 'the kept command answered');
        const heard: string[] = [];
        const off = reloaded.onUnclaimedRefusal((r) => heard.push(r.command.id));
        reloaded.onUnclaimedRefusal((r) => heard.push(`second listener: ${r.command.id}`));
        off();
        expect(heard).toEqual([kept.id]);
      } finally {
        reloaded.stop();
      }
    });
  });
});

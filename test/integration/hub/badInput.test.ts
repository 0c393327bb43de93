import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, SUBPROTOCOL, socketUrl } from '@shared/protocol';
import { live, startTestHub, until, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

let t: TestHub;
afterEach(async () => t?.stop());

async function joined(role: keyof TestHub['tokens'], name = 'Tester'): Promise<RawSocket> {
  const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens[role]);
  raw.send({ t: 'hello', protocol: 1, name, since: 0 });
  await raw.next('synced');
  return raw;
}

describe('the hub facing bad input', () => {
  it('answers malformed JSON with an error and keeps the connection and everyone else working', async () => {
    t = await startTestHub();
    const bystander = t.client('operator', 'Dan');
    await live(bystander);
    const raw = await joined('lead');
    raw.send('{"t":"command", "id": ');
    expect(await raw.next('error')).toMatchObject({ code: 'malformed', reason: 'The message is not valid JSON' });
    raw.send({ t: 'launch-missiles' });
    expect((await raw.next('error')).reason).toMatch(/"launch-missiles" is malformed or unknown/);
    raw.send([1, 2, 3]);
    expect((await raw.next('error')).reason).toMatch(/needs a type field/);
    raw.send({ t: 'command', id: 'x1', type: 'cutover.start', payload: {} });
    expect(await raw.next('ack')).toMatchObject({ id: 'x1' });
    await until(bystander, (b) => b.state.status === 'in_progress');
    raw.close();
  });

  it('rejects unknown command types and invalid payloads by id, with a reason', async () => {
    t = await startTestHub();
    const raw = await joined('lead');
    raw.send({ t: 'command', id: 'u1', type: 'runbook.burn', payload: {} });
    expect(await raw.next('reject')).toMatchObject({ id: 'u1', code: 'invalid', reason: 'Unknown command type "runbook.burn"' });
    raw.send({ t: 'command', id: 'u2', type: 'step.skip', payload: { stepId: 'a', reason: '   ' } });
    expect(await raw.next('reject')).toMatchObject({ id: 'u2', code: 'invalid', reason: expect.stringMatching(/reason: A reason is required/) });
    raw.send({ t: 'command', id: 'u3', type: 'note.add', payload: { text: 'x', severity: 'panic' } });
    expect((await raw.next('reject')).reason).toMatch(/severity/);
    raw.close();
  });

  it('closes a connection that sends an oversized message, and no one else notices', async () => {
    t = await startTestHub({ maxPayload: 64 * 1024 });
    const bystander = t.client('lead', 'Lena');
    await live(bystander);
    const raw = await joined('operator');
    raw.send({ t: 'command', id: 'big', type: 'note.add', payload: { text: 'x'.repeat(100 * 1024) } });
    expect((await raw.closedWith()).code).toBe(CloseCode.tooBig);
    await bystander.send('note.add', { text: 'still here', severity: 'info' }).done;
  });

  it('closes with a clear reason for a wrong token, a missing token and an unknown cutover', async () => {
    t = await startTestHub();
    const wrong = await RawSocket.open(t.hub.url, t.cutoverId, 'not-a-real-token');
    expect(await wrong.closedWith()).toEqual({ code: CloseCode.unauthorized, reason: 'This invite token is not valid for this cutover' });
    const missing = await RawSocket.open(t.hub.url, t.cutoverId, null);
    expect(await missing.closedWith()).toEqual({ code: CloseCode.unauthorized, reason: 'An invite token is required' });
    const elsewhere = await RawSocket.open(t.hub.url, 'c-nosuchthing', t.tokens.lead);
    expect(await elsewhere.closedWith()).toEqual({ code: CloseCode.unknownCutover, reason: 'No such cutover on this hub' });
  });

  it('stops a client with a refused token from reconnecting and tells it why', async () => {
    t = await startTestHub();
    const { nodeClient } = await import('../../support/hubHarness');
    const c = nodeClient(t.hub.url, t.cutoverId, 'forged', 'Mallory');
    c.start();
    await until(c, (x) => x.status === 'refused');
    expect(c.refusal).toBe('This invite token is not valid for this cutover');
    c.stop();
  });

  it('refuses a socket from a foreign web page before the upgrade', async () => {
    t = await startTestHub();
    const ws = new WebSocket(socketUrl(t.hub.url, t.cutoverId), [SUBPROTOCOL, `warroom.token.${t.tokens.lead}`], { origin: 'https://evil.example' });
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
  });

  it('refuses every observer command with a reason, and observers still see everything', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    const raw = await joined('observer', 'Olive');
    const attempts: [string, unknown][] = [
      ['step.start', { stepId: 'a' }],
      ['note.add', { text: 'hi', severity: 'info' }],
      ['cutover.finish', { outcome: 'completed' }],
      ['member.shift', { onShift: false }],
    ];
    for (const [i, [type, payload]] of attempts.entries()) {
      raw.send({ t: 'command', id: `o${i}`, type, payload });
      const r = await raw.next('reject');
      expect(r).toMatchObject({ id: `o${i}`, code: 'forbidden' });
      expect(r.reason).toMatch(/^An observer may not /);
    }
    await lead.send('step.start', { stepId: 'a' }).done;
    let seen: string[] = [];
    while (!seen.includes('step.started')) seen = (await raw.next('events')).events.map((e) => e.type);
    raw.close();
  });

  it('closes a socket that never says hello', async () => {
    t = await startTestHub({ helloTimeoutMs: 100 });
    const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.lead);
    expect(await raw.closedWith()).toEqual({ code: CloseCode.helloTimeout, reason: 'No hello received in time' });
  });

  it('drops a peer that stops answering heartbeats and updates presence', async () => {
    t = await startTestHub({ heartbeatMs: 100 });
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const raw = await joined('operator', 'Ghost');
    await until(lead, (l) => l.presence.some((p) => p.name === 'Ghost'));
    // Stop answering pings, as a suspended laptop would.
    (raw.ws as unknown as { _receiver: { removeAllListeners: (e: string) => void } })._receiver.removeAllListeners('ping');
    raw.ws.pong = () => undefined;
    await until(lead, (l) => !l.presence.some((p) => p.name === 'Ghost'), 3000, 'ghost dropped');
  });

  it('keeps a peer that answers heartbeats connected through many of them', async () => {
    t = await startTestHub({ heartbeatMs: 100 });
    const raw = await joined('operator', 'Awake');
    await new Promise((r) => setTimeout(r, 1000)); // ten heartbeats
    expect(raw.closed).toBeNull();
    raw.close();
  });
});

import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { live, startTestHub, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

/*
 * One order: each command is decided against the state every command before it left, also
 * when several arrive in one read from the socket (a client resending its queue after a
 * reconnect sends them back to back, and ws hands them over in one go).
 */

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** A client's text frame (masked, as a client's must be) for a payload under 64 KiB. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([Buffer.from([0x81]), length, mask, payload.map((b, i) => b ^ mask[i % 4]!)]);
}

/** Writes the frames of `messages` to the socket in one write, so the hub reads them in one go. */
function writeTogether(ws: WebSocket, messages: unknown[]): void {
  (ws as unknown as { _socket: Socket })._socket.write(Buffer.concat(messages.map((m) => clientFrame(JSON.stringify(m)))));
}

describe('commands that arrive in one read', () => {
  it('are decided one after the other: the second completion of a step is refused, not recorded twice', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    await lead.send('cutover.start', {}).done;
    await lead.send('step.start', { stepId: 'a' }).done;

    const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.operator);
    raw.send({ t: 'hello', protocol: 1, name: 'Dan', since: 0 });
    await raw.next('synced');
    writeTogether(raw.ws, [
      { t: 'command', id: 'done-1', type: 'step.complete', payload: { stepId: 'a' } },
      { t: 'command', id: 'done-2', type: 'step.complete', payload: { stepId: 'a' } },
    ]);
    const first = await raw.next('ack');
    const second = await raw.next('reject');
    expect(first.id).toBe('done-1');
    expect(second).toMatchObject({ id: 'done-2', code: 'precondition' });
    await lead.send('note.add', { text: 'after', severity: 'info' }).done;
    expect(lead.events.filter((e) => e.type === 'step.completed')).toHaveLength(1);
    raw.close();
  });
});

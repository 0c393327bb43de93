import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@shared/protocol';
import { startTestHub, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

let t: TestHub;
afterEach(async () => t?.stop());

const requestTicket = (hubUrl: string, cutoverId: string, token: string) =>
  fetch(`${hubUrl}/api/cutovers/${cutoverId}/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

async function openWithTicket(ticket: string): Promise<RawSocket> {
  const WebSocket = (await import('ws')).default;
  const { socketUrl, SUBPROTOCOL, TICKET_PROTOCOL_PREFIX } = await import('@shared/protocol');
  const ws = new WebSocket(socketUrl(t.hub.url, t.cutoverId), [SUBPROTOCOL, TICKET_PROTOCOL_PREFIX + ticket]);
  return RawSocket.wrap(ws);
}

describe('one-time connection tickets', () => {
  it('exchanges an invite token for a ticket that opens exactly one socket', async () => {
    t = await startTestHub();
    const res = await requestTicket(t.hub.url, t.cutoverId, t.tokens.operator);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { ticket: string; role: string };
    expect(body.role).toBe('operator');
    const { ticket } = body;
    const first = await openWithTicket(ticket);
    first.send({ t: 'hello', protocol: 1, name: 'Dan', since: 0 });
    expect((await first.next('welcome')).member).toMatchObject({ name: 'Dan', role: 'operator' });
    const replay = await openWithTicket(ticket);
    expect(await replay.closedWith()).toEqual({ code: CloseCode.ticketInvalid, reason: 'This connection ticket has expired or was used already' });
    first.close();
  });

  it('refuses a ticket for a wrong token with 401 and a reason', async () => {
    t = await startTestHub();
    const res = await requestTicket(t.hub.url, t.cutoverId, 'guessed');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'This invite token is not valid for this cutover' });
  });
});

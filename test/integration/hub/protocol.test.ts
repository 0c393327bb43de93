import { rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub } from '../../../electron/hub/hub';
import { CloseCode, SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, socketUrl } from '@shared/protocol';
import { live, startTestHub, tempDir, type TestHub } from '../../support/hubHarness';
import { RawSocket } from '../../support/rawSocket';

/*
 * The hub answers as docs/protocol.md says: each case here was answered otherwise once
 * (an error frame for a bad hello, 4401 for a revoked token, one member's ack for another's
 * command, any Host, any ws: host in the page's CSP, 404 for HEAD /).
 */

let t: TestHub;
let webDir: string | null = null;
afterEach(async () => {
  await t?.stop();
  if (webDir) await rm(webDir, { recursive: true, force: true });
  webDir = null;
});

async function joined(role: keyof TestHub['tokens'], name: string): Promise<RawSocket> {
  const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens[role]);
  raw.send({ t: 'hello', protocol: 1, name, since: 0 });
  await raw.next('synced');
  return raw;
}

/** A plain HTTP request with a Host of our choosing (fetch may not set one). */
function get(path: string, host: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.hub.port, path, method, headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A stand-in for the built renderer: the hub serves whatever `--web` holds. */
async function webClient(): Promise<string> {
  webDir = await tempDir('warroom-web-');
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Warroom</title>');
  return webDir;
}

const notesIn = (raws: string[]) =>
  raws
    .map((r) => JSON.parse(r) as { type: string; payload: { text?: string } })
    .filter((e) => e.type === 'note.added')
    .map((e) => e.payload.text);

describe('answers as the protocol document gives them', () => {
  it('closes with 4400 when the first message is not a well-formed hello, saying why', async () => {
    t = await startTestHub();
    const cases: [unknown, RegExp][] = [
      [{ t: 'command', id: 'c1', type: 'note.add', payload: { text: 'hi' } }, /^The first message must be a hello/],
      ['{"t":"hello",', /^The first message must be a hello/],
      [{ t: 'hello', protocol: 1, since: 0 }, /^The hello is malformed: name/],
      [{ t: 'hello', protocol: 2, name: 'Dan', since: 0 }, /^This hub speaks protocol 1/],
    ];
    for (const [frame, reason] of cases) {
      const raw = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.operator);
      raw.send(frame);
      const closed = await raw.closedWith(1500);
      expect(closed.code).toBe(CloseCode.badHello);
      expect(closed.reason).toMatch(reason);
      expect(raw.messages).toEqual([]);
    }
  });

  it('closes a new connection that presents a revoked token with 4410, also after a restart', async () => {
    t = await startTestHub();
    const lead = t.client('lead', 'Lena');
    await live(lead);
    const observerInvite = Object.values(lead.state.invites).find((i) => i.role === 'observer')!;
    await lead.send('invite.revoke', { inviteId: observerInvite.id }).done;
    const revoked = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.observer);
    expect(await revoked.closedWith()).toEqual({ code: CloseCode.revoked, reason: 'The lead revoked this invite' });
    lead.stop();
    await t.hub.close();
    t.hub = await startHub({ dataDir: t.dir, port: 0, log: () => undefined });
    const afterRestart = await RawSocket.open(t.hub.url, t.cutoverId, t.tokens.observer);
    expect((await afterRestart.closedWith()).code).toBe(CloseCode.revoked);
    const forged = await RawSocket.open(t.hub.url, t.cutoverId, 'never-issued');
    expect((await forged.closedWith()).code).toBe(CloseCode.unauthorized);
  });

  it('scopes command ids per member: the same id from two people is two commands, and each retry gets its own first ack after a restart', async () => {
    t = await startTestHub();
    const lena = await joined('lead', 'Lena');
    const dan = await joined('operator', 'Dan');
    const note = (text: string) => ({ t: 'command', id: 'same-id', type: 'note.add', payload: { text, severity: 'info' } });
    lena.send(note('from Lena'));
    const ackLena = await lena.next('ack');
    dan.send(note('from Dan'));
    const ackDan = await dan.next('ack');
    expect(ackDan.seqs).not.toEqual(ackLena.seqs);
    expect(notesIn(t.hub.registry.get(t.cutoverId)!.runtime.rawsAfter(0))).toEqual(['from Lena', 'from Dan']);

    lena.close();
    dan.close();
    await t.hub.close();
    t.hub = await startHub({ dataDir: t.dir, port: 0, log: () => undefined });
    const headSeq = t.hub.registry.get(t.cutoverId)!.runtime.durableSeq;
    const lena2 = await joined('lead', 'Lena');
    const dan2 = await joined('operator', 'Dan');
    dan2.send(note('from Dan, resent'));
    expect((await dan2.next('ack')).seqs).toEqual(ackDan.seqs);
    lena2.send(note('from Lena, resent'));
    expect((await lena2.next('ack')).seqs).toEqual(ackLena.seqs);
    expect(t.hub.registry.get(t.cutoverId)!.runtime.durableSeq).toBe(headSeq);
    lena2.close();
    dan2.close();
  });

  it('answers only to its own names: a foreign Host is refused on HTTP and at the socket (DNS rebinding)', async () => {
    t = await startTestHub();
    const port = t.hub.port;
    expect((await get('/healthz', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await get('/healthz', `localhost:${port}`)).status).toBe(200);
    expect((await get('/healthz', `rebound.evil.example:${port}`)).status).toBe(421);
    // The rebinding page's own origin matches the Host it sends: the Origin check alone let it in.
    const evil = `rebound.evil.example:${port}`;
    const ws = new WebSocket(socketUrl(t.hub.url, t.cutoverId), [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + t.tokens.lead], {
      headers: { host: evil },
      origin: `http://${evil}`,
    });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    // Ending a refused handshake makes ws emit an error of its own: expected, not a failure.
    ws.on('error', () => undefined);
    ws.terminate();
    expect(status).toBe(421);
  });

  it('serves the web client with a CSP whose connect-src names this hub only, not every ws: host', async () => {
    t = await startTestHub({ staticDir: await webClient() });
    const host = `127.0.0.1:${t.hub.port}`;
    const page = await get('/', host);
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(/connect-src ([^;]*)/.exec(csp)?.[1]?.split(' ')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
  });

  it('answers HEAD / as it answers GET /, without the body', async () => {
    t = await startTestHub({ staticDir: await webClient() });
    const host = `127.0.0.1:${t.hub.port}`;
    const page = await get('/', host);
    const head = await get('/', host, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toMatch(/^text\/html/);
    expect(head.headers['content-length']).toBe(page.headers['content-length']);
    expect(head.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
  });
});

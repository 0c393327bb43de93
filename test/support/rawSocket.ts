import WebSocket from 'ws';
import { SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX, socketUrl, type ServerMessage } from '@shared/protocol';

/** A bare socket speaking the wire protocol by hand, for feeding the hub bad input. */
export class RawSocket {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(d.toString()) as ServerMessage);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static async open(hubUrl: string, cutoverId: string, token: string | null, headers: Record<string, string> = {}): Promise<RawSocket> {
    const protocols = token === null ? [SUBPROTOCOL] : [SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
    return RawSocket.wrap(new WebSocket(socketUrl(hubUrl, cutoverId), protocols, { headers }));
  }

  /** Wraps a socket that is being opened, once it is open (or already closed). */
  static async wrap(ws: WebSocket): Promise<RawSocket> {
    const raw = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('close', () => resolve());
      ws.once('error', reject);
    });
    return raw;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  send(data: unknown): void {
    this.ws.send(typeof data === 'string' ? data : JSON.stringify(data));
  }

  async next<T extends ServerMessage['t']>(t: T, timeoutMs = 3000): Promise<Extract<ServerMessage, { t: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.messages.findIndex((m) => m.t === t);
      if (i >= 0) return this.messages.splice(i, 1)[0] as Extract<ServerMessage, { t: T }>;
      if (this.closed) throw new Error(`Socket closed (${this.closed.code} ${this.closed.reason}) before a "${t}" arrived`);
      if (Date.now() > deadline) throw new Error(`No "${t}" within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  async closedWith(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('Socket still open');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.closed;
  }

  close(): void {
    this.ws.close();
  }
}

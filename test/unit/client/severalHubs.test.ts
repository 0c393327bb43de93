import { describe, expect, it } from 'vitest';
import { HubClient, type WebSocketLike } from '@shared/client';
import type { CutoverEvent } from '@shared/cutover';
import { desktopJoinLink, hubsOf, parseJoinLink, webJoinLink } from '@shared/protocol';

describe('join links naming several hubs', () => {
  const target = { hub: 'http://hub-a:7410', cutoverId: 'c-abc', token: 'tok', hubs: ['http://hub-a:7410', 'http://hub-b:7410', 'http://10.0.0.7:7411'] };

  it('name every hub in h= and read them back, the link’s own hub first', () => {
    expect(webJoinLink(target)).toBe('http://hub-a:7410/#/join?c=c-abc&t=tok&h=hub-a:7410,hub-b:7410,10.0.0.7:7411');
    expect(parseJoinLink(webJoinLink(target))).toEqual(target);
    expect(parseJoinLink(desktopJoinLink(target))).toEqual(target);
    // Opened on hub-b, the page's own hub comes first and the others follow.
    expect(parseJoinLink('http://hub-b:7410/#/join?c=c-abc&t=tok&h=hub-a:7410,hub-b:7410')?.hubs).toEqual(['http://hub-b:7410', 'http://hub-a:7410']);
  });

  it('reach the other hubs the way the link reaches its own (https stays https)', () => {
    expect(parseJoinLink('https://a.example/#/join?c=c-1&t=t&h=b.example')?.hubs).toEqual(['https://a.example', 'https://b.example']);
  });

  it('keep a single hub’s link as it always was', () => {
    expect(webJoinLink({ hub: 'http://hub-a:7410', cutoverId: 'c', token: 't' })).toBe('http://hub-a:7410/#/join?c=c&t=t');
    expect(parseJoinLink('http://hub-a:7410/#/join?c=c&t=t&h=hub-a:7410')).toEqual({ hub: 'http://hub-a:7410', cutoverId: 'c', token: 't' });
    expect(hubsOf({ hub: 'http://a/' })).toEqual(['http://a']);
  });

  it('refuse an h= entry that is not a host and port', () => {
    for (const h of ['evil.example/path', 'a:7410,javascript:alert(1)', 'user@host:1', '']) {
      expect(parseJoinLink(`http://hub-a:7410/#/join?c=c&t=t&h=${encodeURIComponent(h)}`), h).toBeNull();
    }
  });
});

/** A socket the test drives by hand. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.drop(1000);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

const flush = () => new Promise((r) => setTimeout(r, 5));
const member = { id: 'm-1', name: 'Ana', role: 'lead' as const, station: '', inviteId: 'i-1' };
const event = (seq: number) =>
  ({
    v: 1,
    seq,
    ts: 1000 + seq,
    actor: { id: 'm-1', name: 'Ana', role: 'lead' },
    type: 'note.added',
    payload: { id: `n${seq}`, text: 'x', severity: 'info' },
  }) as unknown as CutoverEvent;

describe('a client of several hubs', () => {
  it('moves to the next hub when its hub drops, resumes from its last seq there and resends what was not acknowledged', async () => {
    const sockets: FakeSocket[] = [];
    let now = 10_000;
    let ids = 0;
    const client = new HubClient({
      url: 'ws://hub-a:7410/ws/c-1',
      urls: ['ws://hub-a:7410/ws/c-1', 'ws://hub-b:7410/ws/c-1'],
      auth: { token: 't' },
      name: 'Ana',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      newId: () => `id-${++ids}`,
      now: () => now,
      backoff: { baseMs: 1, maxMs: 5 },
    });
    client.start();
    await flush();
    const a = sockets[0]!;
    expect(a.url).toBe('ws://hub-a:7410/ws/c-1');
    a.open();
    a.receive({ t: 'welcome', protocol: 1, cutoverId: 'c-1', member, serverTime: now, headSeq: 2, resumeFrom: 0 });
    a.receive({ t: 'events', events: [event(1), event(2)] });
    a.receive({ t: 'synced', seq: 2 });
    expect(client.status).toBe('live');
    expect(client.movedAt).toBeNull();
    const { id } = client.send('note.add', { text: 'sent, never answered', severity: 'info' });
    expect(a.sent.some((m) => m.id === id)).toBe(true);

    now = 20_000;
    a.drop(); // hub A is gone (kill -9): no close frame, no answer
    await flush();
    const b = sockets[1]!;
    expect(b.url).toBe('ws://hub-b:7410/ws/c-1');
    expect(client.hub).toBe('ws://hub-b:7410/ws/c-1');
    b.open();
    expect(b.sent[0]).toMatchObject({ t: 'hello', since: 2 });
    b.receive({ t: 'welcome', protocol: 1, cutoverId: 'c-1', member, serverTime: now, headSeq: 3, resumeFrom: 2 });
    b.receive({ t: 'events', events: [event(3)] });
    b.receive({ t: 'synced', seq: 3 });
    expect(client.state.seq).toBe(3);
    expect(client.events).toHaveLength(3);
    expect(b.sent.filter((m) => m.t === 'command').map((m) => m.id)).toEqual([id]);
    expect(client.movedAt).toBe(20_000);
    client.stop();
  });

  it('tries every hub before it backs off, and comes back to the first', async () => {
    const urls: string[] = [];
    const client = new HubClient({
      url: 'ws://a/ws/c',
      urls: ['ws://a/ws/c', 'ws://b/ws/c', 'ws://c/ws/c'],
      auth: { token: 't' },
      name: 'Ana',
      createSocket: (url) => {
        urls.push(url);
        const s = new FakeSocket(url);
        setTimeout(() => s.drop(), 0); // nobody answers anywhere
        return s;
      },
      newId: () => 'x',
      now: Date.now,
      random: () => 0,
      backoff: { baseMs: 1, maxMs: 2 },
    });
    client.start();
    while (urls.length < 4) await flush();
    client.stop();
    expect(urls.slice(0, 4)).toEqual(['ws://a/ws/c', 'ws://b/ws/c', 'ws://c/ws/c', 'ws://a/ws/c']);
  });
});

describe('a night kept on this device', () => {
  it('is folded at once when no hub answers, keeps its member, and the hub is asked only for what came after', async () => {
    const sockets: FakeSocket[] = [];
    const client = new HubClient({
      url: 'ws://a/ws/c-1',
      auth: { token: 't' },
      name: 'Ana',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      newId: () => 'id',
      now: () => 5000,
      backoff: { baseMs: 1, maxMs: 5 },
    });
    client.restoreEvents([event(1), event(2), event(4)], 4000, member);
    expect(client.state.seq).toBe(2); // a gap ends what is trusted
    expect(client.restoredHeardAt).toBe(4000);
    expect(client.member).toEqual(member);
    client.start();
    await flush();
    sockets[0]!.open();
    expect(sockets[0]!.sent[0]).toMatchObject({ t: 'hello', since: 2 });
    // What a hub already sent wins over a copy restored late.
    sockets[0]!.receive({ t: 'welcome', protocol: 1, cutoverId: 'c-1', member, serverTime: 5000, headSeq: 3, resumeFrom: 2 });
    sockets[0]!.receive({ t: 'events', events: [event(3)] });
    sockets[0]!.receive({ t: 'synced', seq: 3 });
    client.restoreEvents([event(1)], 1, null);
    expect(client.state.seq).toBe(3);
    client.stop();
  });
});

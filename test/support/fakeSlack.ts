import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake of the Slack Web API on loopback, for the real @slack/web-api client to talk to over
 * real HTTP. It answers the way Slack does: HTTP 200 with `{ok:false, error}` for API errors,
 * 429 with Retry-After for rate limits, and it checks the bearer token and the scopes.
 */
export type FakeChannel = { id: string; name: string; isMember: boolean; isPrivate?: boolean };
export type FakeMessage = {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  threadTs?: string;
  pinned: boolean;
  edits: number;
};
export type Behaviour =
  | { kind: '429'; retryAfterSec: number }
  | { kind: '500' }
  /** Never answers until the fake closes. */
  | { kind: 'hang' }
  /** Does the work (a post is recorded), then destroys the socket without answering. */
  | { kind: 'dropResponse' }
  /** Does the work, then never answers: the caller may die before it hears back. */
  | { kind: 'acceptAndHang' }
  /** A Slack-shaped API error, `{ok:false, error}`, with HTTP 200. */
  | { kind: 'error'; error: string };
export type FakeRequest = { method: string; contentType: string; body: string; authorization: string };

export type FakeSlackOptions = { token?: string; scopes?: string[]; channels?: FakeChannel[]; team?: string; botUser?: string; maxPage?: number };
export type FakeSlack = {
  /** The slackApiUrl to give the WebClient; ends in /api/. */
  url: string;
  token: string;
  team: string;
  botUser: string;
  /** Mutable: tests remove a scope to see missing_scope. */
  scopes: string[];
  channels: FakeChannel[];
  messages: FakeMessage[];
  /** Method names in the order they arrived, including those answered by a behaviour. */
  calls: string[];
  requests: FakeRequest[];
  /** Script the next `times` calls of `method`. */
  behave(method: string, behaviour: Behaviour, times?: number): void;
  /** Slack unreachable for `ms` from now: every call, whatever its method, has its connection dropped unanswered and does nothing. */
  outage(ms: number): void;
  close(): Promise<void>;
};

export const DEFAULT_SCOPES = ['chat:write', 'channels:read', 'channels:history', 'groups:read', 'groups:history', 'pins:write'];
type Params = Record<string, unknown>;
type Answer = Record<string, unknown>;

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = {
    token: opts.token ?? 'xoxb-fake-test-000',
    team: opts.team ?? 'Acme',
    botUser: opts.botUser ?? 'warroom',
    scopes: [...(opts.scopes ?? DEFAULT_SCOPES)],
    channels: opts.channels ?? [
      { id: 'C0CUTOVER1', name: 'cutover', isMember: true },
      { id: 'C0GENERAL1', name: 'general', isMember: false },
    ],
    messages: [] as FakeMessage[],
    calls: [] as string[],
    requests: [] as FakeRequest[],
  };
  const maxPage = opts.maxPage ?? 1000;
  const script = new Map<string, Behaviour[]>();
  let downUntil = 0;
  const hanging = new Set<Socket>();
  let lastMicros = 0;
  const nextTs = () => {
    lastMicros = Math.max(Date.now() * 1000, lastMicros + 100);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };

  const channelOf = (p: Params, byName = false): FakeChannel | Answer => {
    const arg = String(p.channel ?? '');
    const name = arg.replace(/^#/, '');
    const ch = fake.channels.find((c) => c.id === arg || (byName && c.name === name));
    return ch ?? { ok: false, error: 'channel_not_found' };
  };
  const isChannel = (x: FakeChannel | Answer): x is FakeChannel => typeof (x as FakeChannel).id === 'string';
  const member = (p: Params, byName = false): FakeChannel | Answer => {
    const ch = channelOf(p, byName);
    return isChannel(ch) && !ch.isMember ? { ok: false, error: 'not_in_channel' } : ch;
  };
  const find = (ch: FakeChannel, ts: unknown) => fake.messages.find((m) => m.channel === ch.id && m.ts === ts);
  const shape = (m: FakeMessage, withMetadata: boolean) => ({
    type: 'message',
    user: 'U0WARROOM1',
    bot_id: 'B0WARROOM1',
    text: m.text,
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  });
  const page = <T>(items: T[], p: Params, fallback: number) => {
    const start = p.cursor ? Number(Buffer.from(String(p.cursor), 'base64').toString().replace('next:', '')) : 0;
    const limit = Math.min(Number(p.limit ?? fallback) || fallback, maxPage);
    const next = start + limit < items.length ? Buffer.from(`next:${start + limit}`).toString('base64') : '';
    return { items: items.slice(start, start + limit), has_more: next !== '', response_metadata: { next_cursor: next } };
  };
  const timeline = (p: Params, all: FakeMessage[]) => {
    const oldest = Number(p.oldest ?? 0);
    const inclusive = String(p.inclusive) === 'true' || String(p.inclusive) === '1';
    return all.filter((m) => (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest));
  };
  const channelJson = (c: FakeChannel) => ({ id: c.id, name: c.name, is_channel: true, is_private: !!c.isPrivate, is_member: c.isMember, is_archived: false });
  const privateScope = (p: Params, pub: string, priv: string) => {
    const ch = channelOf(p);
    return isChannel(ch) && ch.isPrivate ? priv : pub;
  };

  const methods: Record<string, { scope: (p: Params) => string | null; run: (p: Params) => Answer }> = {
    'auth.test': {
      scope: () => null,
      run: () => ({
        ok: true,
        url: 'https://acme.slack.test/',
        team: fake.team,
        user: fake.botUser,
        team_id: 'T0ACME0001',
        user_id: 'U0WARROOM1',
        bot_id: 'B0WARROOM1',
      }),
    },
    'conversations.list': {
      scope: (p) => (String(p.types ?? 'public_channel').includes('private_channel') && !fake.scopes.includes('groups:read') ? 'groups:read' : 'channels:read'),
      run: (p) => {
        const types = String(p.types ?? 'public_channel');
        const visible = fake.channels.filter((c) => (c.isPrivate ? types.includes('private_channel') && c.isMember : types.includes('public_channel')));
        const { items, response_metadata } = page(visible, p, 100);
        return { ok: true, channels: items.map(channelJson), response_metadata };
      },
    },
    'conversations.info': {
      scope: (p) => privateScope(p, 'channels:read', 'groups:read'),
      run: (p) => {
        const ch = channelOf(p);
        return isChannel(ch) ? { ok: true, channel: channelJson(ch) } : ch;
      },
    },
    'conversations.history': {
      scope: (p) => privateScope(p, 'channels:history', 'groups:history'),
      run: (p) => {
        const ch = member(p);
        if (!isChannel(ch)) return ch;
        const top = fake.messages.filter((m) => m.channel === ch.id && (!m.threadTs || m.threadTs === m.ts));
        const newestFirst = timeline(p, top).sort((a, b) => Number(b.ts) - Number(a.ts));
        const { items, has_more, response_metadata } = page(newestFirst, p, 100);
        const withMetadata = String(p.include_all_metadata) === 'true';
        return { ok: true, messages: items.map((m) => shape(m, withMetadata)), has_more, response_metadata };
      },
    },
    'conversations.replies': {
      scope: (p) => privateScope(p, 'channels:history', 'groups:history'),
      run: (p) => {
        const ch = member(p);
        if (!isChannel(ch)) return ch;
        if (!find(ch, p.ts)) return { ok: false, error: 'thread_not_found' };
        const thread = fake.messages.filter((m) => m.channel === ch.id && (m.ts === p.ts || m.threadTs === p.ts));
        const { items, has_more, response_metadata } = page(timeline(p, thread), p, 100);
        const withMetadata = String(p.include_all_metadata) === 'true';
        return { ok: true, messages: items.map((m) => shape(m, withMetadata)), has_more, response_metadata };
      },
    },
    'chat.postMessage': {
      scope: () => 'chat:write',
      run: (p) => {
        const ch = member(p, true);
        if (!isChannel(ch)) return ch;
        if (!p.text && !p.blocks) return { ok: false, error: 'no_text' };
        const m: FakeMessage = { channel: ch.id, ts: nextTs(), text: String(p.text ?? ''), pinned: false, edits: 0 };
        if (Array.isArray(p.blocks)) m.blocks = p.blocks;
        if (p.metadata) m.metadata = p.metadata as FakeMessage['metadata'];
        if (p.thread_ts) m.threadTs = String(p.thread_ts);
        fake.messages.push(m);
        return { ok: true, channel: ch.id, ts: m.ts, message: shape(m, false) };
      },
    },
    'chat.update': {
      scope: () => 'chat:write',
      run: (p) => {
        const ch = member(p);
        if (!isChannel(ch)) return ch;
        const m = find(ch, p.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(p.text ?? m.text);
        if (Array.isArray(p.blocks)) m.blocks = p.blocks;
        m.edits++;
        return { ok: true, channel: ch.id, ts: m.ts, text: m.text };
      },
    },
    'chat.getPermalink': {
      scope: () => null,
      run: (p) => {
        const ch = channelOf(p);
        if (!isChannel(ch)) return ch;
        const m = find(ch, p.message_ts);
        return m
          ? { ok: true, channel: ch.id, permalink: `https://acme.slack.test/archives/${ch.id}/p${m.ts.replace('.', '')}` }
          : { ok: false, error: 'message_not_found' };
      },
    },
    'pins.add': {
      scope: () => 'pins:write',
      run: (p) => {
        const ch = member(p);
        if (!isChannel(ch)) return ch;
        const m = find(ch, p.timestamp);
        if (!m) return { ok: false, error: 'message_not_found' };
        if (m.pinned) return { ok: false, error: 'already_pinned' };
        m.pinned = true;
        return { ok: true };
      },
    },
  };

  const answer = (method: string, p: Params, authorization: string): Answer => {
    const token = authorization.startsWith('Bearer ') ? authorization.slice(7) : String(p.token ?? '');
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== fake.token) return { ok: false, error: 'invalid_auth' };
    const handler = methods[method];
    if (!handler) return { ok: false, error: 'unknown_method' };
    const needed = handler.scope(p);
    if (needed && !fake.scopes.includes(needed)) return { ok: false, error: 'missing_scope', needed, provided: fake.scopes.join(',') };
    return handler.run(p);
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-oauth-scopes': fake.scopes.join(','), ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { ok: false, error: String(err) }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const method = (req.url ?? '').split('?')[0]!.replace(/^\/api\//, '');
    const raw = await readBody(req);
    const contentType = String(req.headers['content-type'] ?? '');
    const authorization = String(req.headers.authorization ?? '');
    fake.calls.push(method);
    fake.requests.push({ method, contentType, body: raw, authorization });
    if (Date.now() < downUntil) {
      req.socket.destroy();
      return;
    }
    const params = parseParams(raw, contentType);
    const queue = script.get(method);
    const behaviour = queue?.shift();
    if (queue && queue.length === 0) script.delete(method);
    if (behaviour?.kind === '429') return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(behaviour.retryAfterSec) });
    if (behaviour?.kind === '500') return send(res, 500, 'upstream went away');
    if (behaviour?.kind === 'error') return send(res, 200, { ok: false, error: behaviour.error });
    if (behaviour?.kind === 'hang') {
      hanging.add(req.socket);
      return;
    }
    const result = answer(method, params, authorization);
    if (behaviour?.kind === 'acceptAndHang') {
      hanging.add(req.socket);
      return;
    }
    if (behaviour?.kind === 'dropResponse') {
      req.socket.destroy();
      return;
    }
    send(res, 200, result);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}/api/`,
    behave(method, behaviour, times = 1) {
      const queue = script.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(behaviour);
      script.set(method, queue);
    },
    outage(ms) {
      downUntil = Date.now() + ms;
    },
    async close() {
      for (const socket of hanging) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const JSON_FIELDS = new Set(['blocks', 'metadata', 'attachments']);

/**
 * The WebClient sends application/x-www-form-urlencoded, with objects and arrays
 * (blocks, metadata) JSON-encoded inside a field; other clients send JSON. Accept both.
 */
export function parseParams(raw: string, contentType: string): Params {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Params) : {};
  const params: Params = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = JSON_FIELDS.has(key) && /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return params;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of the Atlassian Statuspage REST API v1 (GET a page, create and update incidents) on loopback. It
 * checks `Authorization: OAuth <key>`, keeps the order of states each incident went
 * through, and refuses requests that arrive faster than `minIntervalMs` apart the way
 * Statuspage does: 420 or 429 with a Retry-After.
 */
export type FakeIncident = {
  id: string;
  name: string;
  status: string;
  /** Every status the incident was created with or moved to, in order. */
  states: string[];
  bodies: string[];
  scheduledFor?: string;
  scheduledUntil?: string;
  componentIds: string[];
  /** The latest status set for each component through this incident. */
  components: Record<string, string>;
};
export type FakeStatuspageRequest = { method: string; path: string; status: number; at: number; authorization: string; body: string };
export type FakeStatuspageOptions = { apiKey?: string; pageId?: string; pageName?: string; minIntervalMs?: number; rateLimitStatus?: 420 | 429 };
export type FakeStatuspage = {
  /** The apiBase to give the client; ends in /v1. */
  url: string;
  apiKey: string;
  pageId: string;
  incidents: FakeIncident[];
  requests: FakeStatuspageRequest[];
  /** How many requests were refused for coming too fast. */
  rateLimited: () => number;
  /** Answer the next `times` requests with this HTTP status, whatever they are. */
  failNext(status: number, times?: number): void;
  /** Do the next request's work, then drop the connection without answering (a lost answer). */
  dropNextAnswer(): void;
  close(): Promise<void>;
};

const STATUSES = new Set(['scheduled', 'in_progress', 'verifying', 'completed']);

export async function startFakeStatuspage(opts: FakeStatuspageOptions = {}): Promise<FakeStatuspage> {
  const apiKey = opts.apiKey ?? 'sp-fake-key-000';
  const pageId = opts.pageId ?? 'pg0fake0001';
  const pageName = opts.pageName ?? 'Acme Status';
  const minIntervalMs = opts.minIntervalMs ?? 1000;
  const incidents: FakeIncident[] = [];
  const requests: FakeStatuspageRequest[] = [];
  const failures: number[] = [];
  let lastAccepted = -Infinity;
  let refused = 0;
  let dropAnswer = false;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const view = (i: FakeIncident) => ({
    id: i.id,
    name: i.name,
    status: i.status,
    shortlink: `https://stspg.test/${i.id}`,
    scheduled_for: i.scheduledFor ?? null,
    scheduled_until: i.scheduledUntil ?? null,
    components: Object.entries(i.components).map(([id, status]) => ({ id, status })),
    incident_updates: i.bodies.map((body, n) => ({ body, status: i.states[n] })),
  });

  function route(method: string, path: string, payload: { incident?: Record<string, unknown> }): { status: number; body: unknown } {
    if (method === 'GET' && path === `/v1/pages/${pageId}`) return { status: 200, body: { id: pageId, name: pageName, subdomain: 'acme' } };
    const m = /^\/v1\/pages\/([^/]+)\/incidents(?:\/([^/]+))?$/.exec(path);
    if (!m || m[1] !== pageId) return { status: 404, body: { error: 'Page not found' } };
    const given = payload.incident ?? {};
    const status = given.status === undefined ? undefined : String(given.status);
    if (status !== undefined && !STATUSES.has(status)) return { status: 422, body: { error: [`Status ${status} is not valid for a scheduled maintenance`] } };
    const components = (given.components ?? {}) as Record<string, string>;
    if (method === 'GET' && !m[2]) {
      // The incidents list, newest first, as Statuspage answers `GET …/incidents?q=`.
      return { status: 200, body: [...incidents].reverse().map(view) };
    }
    if (method === 'POST' && !m[2]) {
      if (!given.name || !status) return { status: 422, body: { error: ["Name can't be blank"] } };
      if (!given.scheduled_for || !given.scheduled_until) return { status: 422, body: { error: ['Scheduled for and scheduled until are required'] } };
      const incident: FakeIncident = {
        id: `inc${String(incidents.length + 1).padStart(4, '0')}`,
        name: String(given.name),
        status,
        states: [status],
        bodies: [String(given.body ?? '')],
        scheduledFor: String(given.scheduled_for),
        scheduledUntil: String(given.scheduled_until),
        componentIds: (given.component_ids as string[] | undefined) ?? [],
        components: { ...components },
      };
      incidents.push(incident);
      return { status: 201, body: view(incident) };
    }
    if (method === 'PATCH' && m[2]) {
      const incident = incidents.find((i) => i.id === m[2]);
      if (!incident) return { status: 404, body: { error: 'Incident not found' } };
      if (status && status !== incident.status) incident.states.push(status);
      if (status) incident.status = status;
      if (given.body !== undefined) incident.bodies.push(String(given.body));
      Object.assign(incident.components, components);
      return { status: 200, body: view(incident) };
    }
    return { status: 405, body: { error: 'Method not allowed' } };
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => json(res, 500, { error: String(err) }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const at = Date.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '').split('?')[0]!;
    const authorization = String(req.headers.authorization ?? '');
    const record = (status: number) => requests.push({ method, path, status, at, authorization, body: raw });
    const forced = failures.shift();
    if (forced !== undefined) {
      record(forced);
      return json(res, forced, { error: 'Forced failure' });
    }
    if (authorization !== `OAuth ${apiKey}`) {
      record(401);
      return json(res, 401, { error: 'Could not authenticate' });
    }
    // Statuspage counts per key; a refused request does not use up the allowance.
    const wait = lastAccepted + minIntervalMs - at;
    if (wait > 0) {
      refused++;
      record(opts.rateLimitStatus ?? 429);
      return json(res, opts.rateLimitStatus ?? 429, { error: 'Rate limit exceeded' }, { 'retry-after': String(Math.ceil(wait / 1000)) });
    }
    lastAccepted = at;
    let payload: { incident?: Record<string, unknown> } = {};
    try {
      payload = raw ? (JSON.parse(raw) as typeof payload) : {};
    } catch {
      record(400);
      return json(res, 400, { error: 'Malformed JSON' });
    }
    const answer = route(method, path, payload);
    record(answer.status);
    if (dropAnswer) {
      dropAnswer = false;
      return void req.socket.destroy();
    }
    json(res, answer.status, answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    pageId,
    incidents,
    requests,
    rateLimited: () => refused,
    dropNextAnswer() {
      dropAnswer = true;
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

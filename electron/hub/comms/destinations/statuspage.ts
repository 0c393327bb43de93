import { type Clock, realClock, TokenBucket } from './rateLimiter';
import { DeliveryError, networkReason, redact, retryAfterMs, type Delivered, type OutboundMessage } from './types';

export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export type StatuspageOptions = {
  apiKey: string;
  pageId: string;
  componentIds: string[];
  apiBase?: string;
  /**
   * Statuspage allows each API key 1 request a second, measured over a rolling minute, and
   * answers 420/429 beyond it. We space requests ourselves so the night never meets that.
   * `false` turns the limiter off (tests of the 429 path).
   */
  rateLimit?: { intervalMs: number; burst: number } | false;
  timeoutMs?: number;
  clock?: Clock;
};

/** The maintenance window, needed only to create the maintenance. Times in epoch ms or ISO. */
export type MaintenanceWindow = { scheduledFor: number | string; scheduledUntil: number | string };
/** What the outbox remembers between deliveries to this destination. */
export type StatuspageKnown = { incidentId?: string; window?: MaintenanceWindow };
export type Incident = { id: string; status: string; shortlink?: string };
type Answer = { id: string; status?: string; shortlink?: string; name?: string };

export class StatuspageDestination {
  readonly #apiKey: string;
  readonly #pageId: string;
  readonly #componentIds: string[];
  readonly #apiBase: string;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #limiter: TokenBucket | null;

  constructor(opts: StatuspageOptions) {
    this.#apiKey = opts.apiKey;
    this.#pageId = opts.pageId;
    this.#componentIds = [...opts.componentIds];
    this.#apiBase = (opts.apiBase ?? 'https://api.statuspage.io/v1').replace(/\/+$/, '');
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#clock = opts.clock ?? realClock;
    const limit = opts.rateLimit ?? { intervalMs: 1000, burst: 1 };
    this.#limiter = limit === false ? null : new TokenBucket({ ...limit, clock: this.#clock });
  }

  /** The "Test" button: the key works and can see this page. Changes nothing. */
  async check(): Promise<{ id: string; name: string }> {
    const page = await this.request('GET', `/pages/${enc(this.#pageId)}`);
    return { id: page.id, name: page.name ?? this.#pageId };
  }

  /**
   * The maintenance an earlier attempt may have created although its answer was lost: the
   * one with this name and window. Asked before creating again, so the page shows it once.
   */
  async findMaintenance(name: string, window: MaintenanceWindow): Promise<Incident | null> {
    const list = await this.requestList(`/pages/${enc(this.#pageId)}/incidents?q=${enc(name)}&limit=50`);
    const at = new Date(window.scheduledFor).toISOString();
    const found = list.find((i) => i.name === name && typeof i.scheduled_for === 'string' && new Date(i.scheduled_for).toISOString() === at);
    return found && typeof found.id === 'string'
      ? { id: found.id, status: String(found.status ?? ''), ...(typeof found.shortlink === 'string' ? { shortlink: found.shortlink } : {}) }
      : null;
  }

  /** Announce the window. A later first message (the crew started without announcing) creates it in that state. */
  async createMaintenance(m: { name: string; body: string; status?: MaintenanceStatus } & MaintenanceWindow): Promise<Incident> {
    const status = m.status ?? 'scheduled';
    return toIncident(
      await this.request('POST', `/pages/${enc(this.#pageId)}/incidents`, {
        incident: {
          name: m.name,
          status,
          body: m.body,
          scheduled_for: new Date(m.scheduledFor).toISOString(),
          scheduled_until: new Date(m.scheduledUntil).toISOString(),
          component_ids: this.#componentIds,
          // Components change only once work begins: a scheduled notice must not mark them down early.
          ...(status === 'scheduled' ? {} : { components: this.components(status) }),
        },
      }),
    );
  }

  async transition(incidentId: string, status: Exclude<MaintenanceStatus, 'scheduled'>, body: string): Promise<Incident> {
    return toIncident(
      await this.request('PATCH', `/pages/${enc(this.#pageId)}/incidents/${enc(incidentId)}`, {
        incident: { status, body, component_ids: this.#componentIds, components: this.components(status) },
      }),
    );
  }

  /**
   * An update an earlier attempt may have made although its answer was lost: the maintenance
   * already in this message's state with an update saying its text. Asked before updating
   * again, so customers read it once. (The same text sent before in the same state counts
   * too: the page would show nothing new.)
   */
  async findUpdate(incidentId: string, msg: OutboundMessage): Promise<Delivered | null> {
    const { status, body } = pageUpdate(msg);
    const list = await this.requestList(`/pages/${enc(this.#pageId)}/incidents?q=${enc(msg.cutoverTitle)}&limit=50`);
    const found = list.find((i) => i.id === incidentId);
    if (!found || found.status !== status || !Array.isArray(found.incident_updates)) return null;
    const shown = (found.incident_updates as unknown[]).some((u) => typeof u === 'object' && u !== null && (u as { body?: unknown }).body === body);
    return shown ? { providerId: incidentId, ...(typeof found.shortlink === 'string' ? { permalink: found.shortlink } : {}) } : null;
  }

  /** One outbox message: create the maintenance the first time, move it along after that. */
  async deliver(msg: OutboundMessage, known: StatuspageKnown): Promise<Delivered> {
    const { status, body } = pageUpdate(msg);
    if (known.incidentId) {
      // Statuspage has no way back to "scheduled"; repeating it only updates the text.
      const next = status === 'scheduled' ? null : status;
      const incident = next ? await this.transition(known.incidentId, next, body) : await this.update(known.incidentId, body);
      return { providerId: incident.id, permalink: incident.shortlink };
    }
    if (!known.window) throw new DeliveryError('Statuspage needs the maintenance window to announce it: set the cutover window first.', false);
    const incident = await this.createMaintenance({ name: msg.cutoverTitle, body, status, ...known.window });
    return { providerId: incident.id, permalink: incident.shortlink };
  }

  private async update(incidentId: string, body: string): Promise<Incident> {
    return toIncident(await this.request('PATCH', `/pages/${enc(this.#pageId)}/incidents/${enc(incidentId)}`, { incident: { body } }));
  }

  private components(status: MaintenanceStatus): Record<string, string> {
    const value = status === 'completed' ? 'operational' : 'under_maintenance';
    return Object.fromEntries(this.#componentIds.map((id) => [id, value]));
  }

  private request(method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown): Promise<Answer> {
    return this.limited(() => this.send(method, path, payload)).then(parseAnswer);
  }

  private requestList(path: string): Promise<Record<string, unknown>[]> {
    return this.limited(() => this.send('GET', path, undefined)).then((text) => {
      try {
        const json: unknown = JSON.parse(text);
        if (Array.isArray(json)) return json.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
      } catch {
        // fall through
      }
      throw new DeliveryError('Statuspage answered the incidents list with something unreadable: will retry.', true);
    });
  }

  private limited(run: () => Promise<string>): Promise<string> {
    return this.#limiter ? this.#limiter.run(run) : run();
  }

  /** One request; the answer's text on success, a DeliveryError otherwise. */
  private async send(method: 'GET' | 'POST' | 'PATCH', path: string, payload: unknown): Promise<string> {
    let res: Response;
    try {
      res = await fetch(this.#apiBase + path, {
        method,
        headers: { authorization: `OAuth ${this.#apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
    } catch (err) {
      const { timedOut, reason } = networkReason(err);
      throw new DeliveryError(timedOut ? 'Statuspage did not answer in time: will retry.' : `Could not reach Statuspage (${reason}): will retry.`, true);
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return text;
    throw this.failure(res, text, path.includes('/incidents/'));
  }

  private failure(res: Response, text: string, forIncident: boolean): DeliveryError {
    const s = res.status;
    if (s === 401) return new DeliveryError('Statuspage refused the API key (HTTP 401): paste a key from Statuspage, under your avatar → API info.', false);
    if (s === 403)
      return new DeliveryError(
        `Statuspage says this API key may not change page ${this.#pageId} (HTTP 403): use a key from someone who manages that page.`,
        false,
      );
    if (s === 404) {
      return new DeliveryError(
        forIncident
          ? `Statuspage cannot find this maintenance on page ${this.#pageId} (HTTP 404): it may have been deleted.`
          : `Statuspage has no page ${this.#pageId} (HTTP 404): check the page id.`,
        false,
      );
    }
    if (s === 420 || s === 429) {
      const wait = retryAfterMs(res.headers.get('retry-after'), this.#clock.now()) ?? 1000;
      this.#limiter?.pauseUntil(this.#clock.now() + wait);
      return new DeliveryError(`Statuspage is rate limiting us: retrying in ${Math.ceil(wait / 1000)}s.`, true, wait);
    }
    if (s >= 500 || s === 408) return new DeliveryError(`Statuspage answered HTTP ${s}: will retry.`, true);
    const detail = redact(errorDetail(text), this.#apiKey);
    return new DeliveryError(`Statuspage rejected the update (HTTP ${s})${detail ? `: ${detail}` : '.'}`, false);
  }
}

const enc = encodeURIComponent;

/** What a message asks of the page: the maintenance's state, and the text customers read. */
function pageUpdate(msg: OutboundMessage): { status: MaintenanceStatus; body: string } {
  const status: MaintenanceStatus = msg.state === 'rolled_back' ? 'completed' : msg.state;
  const body =
    msg.state === 'rolled_back' && !/roll(ed|ing)?[ -]?back/i.test(msg.bannerText)
      ? `${msg.bannerText} The change was rolled back; service runs as it did before.`.trim()
      : msg.bannerText;
  return { status, body };
}
const toIncident = (a: Answer): Incident => ({ id: a.id, status: a.status ?? '', shortlink: a.shortlink });

function parseAnswer(text: string): Answer {
  try {
    const json = JSON.parse(text) as Partial<Answer>;
    if (typeof json.id === 'string') return { id: json.id, status: json.status, shortlink: json.shortlink, name: json.name };
  } catch {
    // fall through: accepted, but we cannot tell which incident it is
  }
  // It probably went through; retrying could announce twice, so a person decides.
  throw new DeliveryError('Statuspage accepted the request but its answer was unreadable: check the page before resending.', false);
}

/** Statuspage explains a 400/422 as {error: "…"} or {error: ["…"]}; keep it short. */
function errorDetail(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: unknown }).error;
    const joined = Array.isArray(error) ? error.join('; ') : typeof error === 'string' ? error : '';
    return joined.slice(0, 160);
  } catch {
    return '';
  }
}

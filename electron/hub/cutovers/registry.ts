import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { CutoverInfoSchema, ROLES, type NewEvent, type Role, type RunbookPlan, HUB_ACTOR } from '@shared/cutover';
import { InviteLinks } from '../auth/inviteLinks';
import { InvitesDamagedError, type InviteStore, type IssuedInvite } from '../auth/tokens';
import { Deadlines } from './deadlines';
import { DEFAULT_HEARTBEAT_MS, lastResumedUntil, recordResumption } from './heartbeat';
import { JournalCorruptError, JournalMissingError } from '../journal/eventStore';
import { CutoverRuntime } from './cutoverRuntime';
import { eventId } from './eventIds';
import { stopParts, type CutoverPart } from './parts';
import { hubEffects, mintInvite } from './effects';
import { CutoverMetrics } from '../metrics/cutoverMetrics';
import { fileLayout, type StoreBackend } from '../store/backend';
import { leaderPart } from '../store/leaderPart';
import { Outbox } from '../comms/outbox';
import type { Source, SourceContext } from '../metrics/sources/source';
import type { HubVault, SecretVault } from '../secrets/vault';
import type { SourceConfig } from '@shared/metrics';

export type OpenCutover = {
  id: string;
  runtime: CutoverRuntime;
  invites: InviteStore;
  /** Live invites' tokens, encrypted, for the lead to copy a link again (auth/inviteLinks.ts). */
  links: InviteLinks;
  metrics: CutoverMetrics;
  outbox: Outbox;
  /** This cutover's secrets (its lead's, and the hub's environment). */
  secrets: SecretVault;
  /** Everything that lives as long as the cutover is open, in the order it starts. */
  parts: CutoverPart[];
};

/** A part the hub adds to every cutover it opens (the fan-out, revocations). */
export type PartFactory = (cutover: OpenCutover) => CutoverPart;
/** What a side effect the hub adds is built from: the cutover as the side effects of this lease see it. */
export type LedCutover = Pick<OpenCutover, 'id' | 'runtime' | 'secrets' | 'metrics'>;
export type LedPartFactory = (cutover: LedCutover) => CutoverPart;

/** What the integrations of every cutover share: the hub's secrets, how sources are built, where Slack is. */
export type Integrations = {
  vault: HubVault;
  createSource: (config: SourceConfig, ctx: SourceContext) => Source;
  slackApiUrl?: string;
  statusIntervalMs?: number;
};

/** The later of two signs of life, either maybe unknown. */
const latest = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

export type NewCutover = Omit<z.input<typeof CutoverInfoSchema>, 'id'> & { runbook: RunbookPlan };

/**
 * What a socket is told about a cutover that stays closed: a close reason (123 bytes at
 * most), so the log has the detail and this only says which file and where to look.
 */
export function unavailableReason(error: Error): string {
  if (error instanceof InvitesDamagedError) return 'Invites damaged: this cutover’s invites file cannot be read; the hub log says where';
  if (error instanceof JournalMissingError) return 'This cutover’s journal is missing; the hub log says what to do';
  if (error instanceof JournalCorruptError) return 'This cutover’s journal is damaged; the hub log says where';
  return 'This cutover could not be opened; the hub log says why';
}

/**
 * The cutovers a hub holds: one folder each under `<dataDir>/cutovers/`, with its journal,
 * snapshot and hashed invites. A cutover whose journal cannot be trusted stays closed and
 * says why, while the others keep working.
 */
export class CutoverRegistry {
  private open = new Map<string, OpenCutover>();
  readonly unavailable = new Map<string, Error>();
  private hubParts: PartFactory[] = [];
  private ledParts: LedPartFactory[] = [];

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number,
    private readonly log: (msg: string) => void,
    readonly integrations: Integrations,
    /** How often each cutover's heartbeat file is written; a gap under twice this is not an outage. */
    private readonly heartbeatMs = DEFAULT_HEARTBEAT_MS,
    /** Where the cutovers are kept: the data folder, or a database several hubs share. */
    readonly backend: StoreBackend = fileLayout(dataDir),
  ) {
    // Another hub on the same store created a cutover: this hub opens it too.
    backend.onCutoverCreated?.((id) => void this.adopt(id));
  }

  /** Parts the hub adds to every cutover opened from now on; called before `loadAll`. */
  use(...factories: PartFactory[]): void {
    this.hubParts.push(...factories);
  }

  /**
   * Side effects the hub adds to every cutover (they record events on their own, as the checks'
   * scheduler does): with several hubs only the holder of the cutover's lease runs them, beside
   * the pollers, the outbox and the deadlines. Called before `loadAll`.
   */
  useLed(...factories: LedPartFactory[]): void {
    this.ledParts.push(...factories);
  }

  async loadAll(): Promise<void> {
    for (const id of await this.backend.list()) await this.adopt(id);
  }

  /** Opens a stored cutover unless it is open already; one that cannot be trusted stays closed and says why. */
  private async adopt(id: string): Promise<void> {
    if (this.open.has(id) || this.opening.has(id)) return;
    this.opening.add(id);
    try {
      this.open.set(id, await this.openOne(id));
      this.unavailable.delete(id);
    } catch (e) {
      this.unavailable.set(id, e as Error);
      this.log(`cutover ${id} is unavailable: ${(e as Error).message}`);
    } finally {
      this.opening.delete(id);
    }
  }

  private opening = new Set<string>();

  private async openOne(id: string): Promise<OpenCutover> {
    const storage = this.backend.cutover(id);
    const invites = storage.invites;
    await invites.load();
    // One hub: its own sign of life, kept while the night is open. Several: the lease holder's
    // (it beats among its side effects), read afresh by whoever takes the lease next.
    const heartbeat = storage.heartbeat(this.now, this.heartbeatMs);
    const lead = this.backend.lead?.bind(this.backend);
    const lastBeat = lead ? null : await heartbeat.last();
    const say = (m: string) => this.log(`cutover ${id}: ${m}`);
    // Invites are a history of their own: beside an empty journal they mean one was lost.
    const issued = invites.list().length;
    const store = storage.events(say, issued > 0 ? `invites.json lists ${issued} invites` : null);
    const secrets = this.integrations.vault.scoped(id);
    const links = new InviteLinks(this.integrations.vault, id);
    const effects = hubEffects({ invites, secrets, now: this.now, links });
    const runtime = await CutoverRuntime.open({ store, now: this.now, newId: eventId, effects });
    // Several hubs: the outage is recorded by whoever takes the lease, from the last holder's beat (tookOver below).
    if (!lead) await recordResumption(runtime, latest(lastBeat, runtime.lastStoredTs), this.now(), 2 * this.heartbeatMs);
    // The journal is the truth: a revocation recorded just before a crash still holds.
    await invites.revoke(
      Object.values(runtime.state.invites)
        .filter((i) => i.revokedAt !== null)
        .map((i) => i.id),
      this.now(),
    );
    const { slackApiUrl, statusIntervalMs, createSource } = this.integrations;
    const sourceContext: SourceContext = { secret: (name) => secrets.get(name) };
    // The side effects (pollers and alerts, the outbox, deadlines), built afresh whenever a hub
    // of several takes them over again after losing them (store/leaderPart.ts).
    const sideEffects = () => {
      const metrics = new CutoverMetrics(runtime, storage.samples, {
        now: this.now,
        createSource: (config) => createSource(config, sourceContext),
        log: say,
      });
      const outbox = new Outbox(id, runtime, {
        vault: secrets,
        now: this.now,
        log: say,
        lag: () => metrics.lagSummaries(this.now()),
        ...(slackApiUrl ? { slackApiUrl } : {}),
        ...(statusIntervalMs ? { minIntervalMs: statusIntervalMs } : {}),
      });
      const led: LedCutover = { id, runtime, secrets, metrics };
      // Several hubs: the holder's sign of life first, so the next holder measures from its last beat.
      const beat = lead ? [storage.heartbeat(this.now, this.heartbeatMs)] : [];
      return { metrics, outbox, parts: [...beat, metrics, outbox, new Deadlines(runtime, this.now), ...this.ledParts.map((part) => part(led))] };
    };
    const first = sideEffects();
    const cutover: OpenCutover = { id, runtime, invites, links, metrics: first.metrics, outbox: first.outbox, secrets, parts: [] };
    if (!lead) cutover.parts.push(heartbeat, ...first.parts);
    else {
      let built: ReturnType<typeof sideEffects> | null = first;
      const fresh = () => {
        const next = built ?? sideEffects();
        built = null;
        cutover.metrics = next.metrics;
        cutover.outbox = next.outbox;
        return next.parts;
      };
      // Several hubs: only the holder of the cutover's lease runs them.
      const secretsChanged = async () => this.backend.refreshVault?.();
      const followSamples = () => storage.followSamples?.((batches, live) => cutover.metrics.follow(batches, live)) ?? (() => undefined);
      // Each takeover (after the catch-up): nobody ran the night since the last holder's last
      // sign of life, read now, not when this hub opened the night (it may have served for
      // hours beside the holder). A hand-over within two beats is no outage.
      const tookOver = async () => {
        const lastSeen = latest(await heartbeat.last(), lastResumedUntil(runtime.rawsAfter(0)));
        await recordResumption(runtime, lastSeen, this.now(), 2 * this.heartbeatMs);
      };
      cutover.parts.push(leaderPart({ id, lead, runtime, invites, sideEffects: fresh, secretsChanged, followSamples, tookOver, log: say }));
    }
    // The heartbeat first (one hub), as the night's sign of life; the outbox after the metrics it reads.
    cutover.parts.push(...this.hubParts.map((part) => part(cutover)));
    for (const part of cutover.parts) await part.start();
    return cutover;
  }

  /**
   * An invite the hub itself hands out (a new cutover's, the desktop's "copy invite"): minted
   * as the lead's `invite.create` is (effects.ts), then recorded without its token.
   */
  async issueInvite(cutover: OpenCutover, role: Role, opts: { station?: string; label?: string; singleUse?: boolean } = {}): Promise<IssuedInvite> {
    const invite = {
      id: `i-${randomBytes(6).toString('hex')}`,
      role,
      station: opts.station ?? '',
      label: opts.label ?? role,
      ...(opts.singleUse ? { singleUse: true } : {}),
    };
    const events: NewEvent[] = [{ type: 'invite.created', payload: { invite } }];
    const issued = await mintInvite({ invites: cutover.invites, secrets: cutover.secrets, now: this.now, links: cutover.links }, events);
    await cutover.runtime.record(HUB_ACTOR, events);
    return issued;
  }

  get(id: string): OpenCutover | undefined {
    return this.open.get(id);
  }

  list(): OpenCutover[] {
    return [...this.open.values()];
  }

  /** Creates a cutover and one invite per role (or the roles given). */
  async create(spec: NewCutover, roles: readonly Role[] = ROLES): Promise<{ cutover: OpenCutover; invites: IssuedInvite[] }> {
    const id = `c-${randomBytes(5).toString('hex')}`;
    await this.backend.create(id);
    const cutover = await this.openOne(id);
    const { runbook, ...info } = spec;
    await cutover.runtime.record(HUB_ACTOR, [{ type: 'cutover.created', payload: { cutover: CutoverInfoSchema.parse({ id, ...info }), runbook } }]);
    this.open.set(id, cutover);
    const invites: IssuedInvite[] = [];
    for (const role of roles) invites.push(await this.issueInvite(cutover, role));
    await this.backend.announceCutover?.(id);
    return { cutover, invites };
  }

  async closeAll(): Promise<void> {
    // Integrations first: their last samples and alerts go in before the journal closes.
    await stopParts(
      this.list().flatMap((c) => c.parts),
      () => Promise.allSettled(this.list().map((c) => c.runtime.close())),
    );
  }
}

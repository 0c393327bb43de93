import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { CutoverInfoSchema, ROLES, type NewEvent, type Role, type RunbookPlan, HUB_ACTOR } from '@shared/cutover';
import { InviteStore, InvitesDamagedError, type IssuedInvite } from '../auth/tokens';
import { Deadlines } from './deadlines';
import { DEFAULT_HEARTBEAT_MS, Heartbeat, recordResumption } from './heartbeat';
import { JournalCorruptError, JournalMissingError } from '../journal/eventStore';
import { FileJournal } from '../journal/fileJournal';
import { CutoverRuntime } from './cutoverRuntime';
import { stopParts, type CutoverPart } from './parts';
import { hubEffects, mintInvite } from './effects';
import { CutoverMetrics } from '../metrics/cutoverMetrics';
import { SampleStore } from '../metrics/sampleStore';
import { Outbox } from '../comms/outbox';
import type { Source, SourceContext } from '../metrics/sources/source';
import type { HubVault, SecretVault } from '../secrets/vault';
import type { SourceConfig } from '@shared/metrics';

export type OpenCutover = {
  id: string;
  runtime: CutoverRuntime;
  invites: InviteStore;
  metrics: CutoverMetrics;
  outbox: Outbox;
  /** This cutover's secrets (its lead's, and the hub's environment). */
  secrets: SecretVault;
  /** Everything that lives as long as the cutover is open, in the order it starts. */
  parts: CutoverPart[];
};

/** A part the hub adds to every cutover it opens (the fan-out, revocations). */
export type PartFactory = (cutover: OpenCutover) => CutoverPart;

/** What the integrations of every cutover share: the hub's secrets, how sources are built, where Slack is. */
export type Integrations = {
  vault: HubVault;
  createSource: (config: SourceConfig, ctx: SourceContext) => Source;
  slackApiUrl?: string;
  statusIntervalMs?: number;
};

export type NewCutover = Omit<z.input<typeof CutoverInfoSchema>, 'id'> & { runbook: RunbookPlan };

const ID_PATTERN = /^[a-z0-9-]{1,64}$/;

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

  constructor(
    private readonly dataDir: string,
    private readonly now: () => number,
    private readonly log: (msg: string) => void,
    readonly integrations: Integrations,
    /** How often each cutover's heartbeat file is written; a gap under twice this is not an outage. */
    private readonly heartbeatMs = DEFAULT_HEARTBEAT_MS,
  ) {}

  /** Parts the hub adds to every cutover opened from now on; called before `loadAll`. */
  use(...factories: PartFactory[]): void {
    this.hubParts.push(...factories);
  }

  private dirOf(id: string): string {
    return join(this.dataDir, 'cutovers', id);
  }

  async loadAll(): Promise<void> {
    await mkdir(join(this.dataDir, 'cutovers'), { recursive: true, mode: 0o700 });
    for (const entry of await readdir(join(this.dataDir, 'cutovers'), { withFileTypes: true })) {
      if (!entry.isDirectory() || !ID_PATTERN.test(entry.name)) continue;
      try {
        this.open.set(entry.name, await this.openOne(entry.name));
      } catch (e) {
        this.unavailable.set(entry.name, e as Error);
        this.log(`cutover ${entry.name} is unavailable: ${(e as Error).message}`);
      }
    }
  }

  private async openOne(id: string): Promise<OpenCutover> {
    const dir = this.dirOf(id);
    const invites = new InviteStore(dir);
    await invites.load();
    const heartbeat = new Heartbeat(dir, this.now, this.heartbeatMs);
    const lastBeat = await heartbeat.last();
    const say = (m: string) => this.log(`cutover ${id}: ${m}`);
    // Invites are a history of their own: beside an empty journal they mean one was lost.
    const issued = invites.list().length;
    const store = new FileJournal(dir, { log: say, historyElsewhere: issued > 0 ? `invites.json lists ${issued} invites` : null });
    const secrets = this.integrations.vault.scoped(id);
    const effects = hubEffects({ invites, secrets, now: this.now });
    const runtime = await CutoverRuntime.open({ store, now: this.now, newId: () => randomBytes(6).toString('hex'), effects });
    const lastSeen = Math.max(lastBeat ?? -Infinity, runtime.lastStoredTs ?? -Infinity);
    await recordResumption(runtime, Number.isFinite(lastSeen) ? lastSeen : null, this.now(), 2 * this.heartbeatMs);
    // The journal is the truth: a revocation recorded just before a crash still holds.
    await invites.revoke(
      Object.values(runtime.state.invites)
        .filter((i) => i.revokedAt !== null)
        .map((i) => i.id),
      this.now(),
    );
    const { slackApiUrl, statusIntervalMs, createSource } = this.integrations;
    const sourceContext: SourceContext = { secret: (name) => secrets.get(name) };
    const metrics = new CutoverMetrics(runtime, new SampleStore(dir), {
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
    // The heartbeat first, as the night's sign of life; the outbox after the metrics it reads.
    const cutover: OpenCutover = { id, runtime, invites, metrics, outbox, secrets, parts: [heartbeat, metrics, outbox, new Deadlines(runtime, this.now)] };
    cutover.parts.push(...this.hubParts.map((part) => part(cutover)));
    for (const part of cutover.parts) await part.start();
    return cutover;
  }

  /**
   * An invite the hub itself hands out (a new cutover's, the desktop's "copy invite"): minted
   * as the lead's `invite.create` is (effects.ts), then recorded without its token.
   */
  async issueInvite(cutover: OpenCutover, role: Role, opts: { station?: string; label?: string } = {}): Promise<IssuedInvite> {
    const invite = { id: `i-${randomBytes(6).toString('hex')}`, role, station: opts.station ?? '', label: opts.label ?? role };
    const events: NewEvent[] = [{ type: 'invite.created', payload: { invite } }];
    const issued = await mintInvite({ invites: cutover.invites, secrets: cutover.secrets, now: this.now }, events);
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
    await mkdir(this.dirOf(id), { recursive: true, mode: 0o700 });
    const cutover = await this.openOne(id);
    const { runbook, ...info } = spec;
    await cutover.runtime.record(HUB_ACTOR, [{ type: 'cutover.created', payload: { cutover: CutoverInfoSchema.parse({ id, ...info }), runbook } }]);
    this.open.set(id, cutover);
    const invites: IssuedInvite[] = [];
    for (const role of roles) invites.push(await this.issueInvite(cutover, role));
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

import type { z } from 'zod';
import type { Role, RunbookPlan } from '@shared/cutover';
import { ROLE_WORDS } from '@shared/core/words';
import type { IpcOutput, JoinResult, NewCutoverSchema, Membership, MembershipResult } from '@shared/ipc/contract';
import { parseJoinLink } from '@shared/protocol';
import { importMarkdownRunbook, importYamlRunbook, listTemplates, type RunbookError } from '@shared/runbook';
import type { Hub } from './hub/hub';
import { requestTicket, type Fetch } from './hubApi';
import { inviteKey, localInviteKey, SecretUnreadable, type SecretStore } from './secrets';
import { normalizeHub, type SettingsStore } from './settings';

export type NewCutover = z.output<typeof NewCutoverSchema>;
export type TicketResult = IpcOutput<'membership:ticket'>;
type Target = { cutoverId: string; hub: string };

/** This desktop's own hub, and the address this desktop's window reaches it at. */
export type LocalHub = { hub: Hub; url: string };

export type MembershipsDeps = {
  settings: SettingsStore;
  secrets: SecretStore;
  /** The built-in hub while it is listening, null while it starts, restarts or is stopped. */
  local: () => LocalHub | null;
  fetch: Fetch;
  now: () => number;
};

const NOT_RUNNING = 'Warroom’s own hub is not running; restart Warroom and try again.';
const failure = (message: string): MembershipResult => ({ ok: false, errors: [{ message }] });
const refused = (reason: string): TicketResult => ({ ok: false, refused: true, reason });

/**
 * This desktop's memberships: the cutovers it takes part in, created on its own hub or
 * joined by link on any hub. The invite token stays here, encrypted at rest; the window only
 * ever gets one-time tickets. A cutover on the built-in hub is recognised by its "local"
 * key, because that hub's address changes with each launch and with hosting.
 */
export class Memberships {
  constructor(private readonly deps: MembershipsDeps) {}

  async create(request: NewCutover): Promise<MembershipResult> {
    const plan = planFrom(request.source);
    if (!plan.ok) return { ok: false, errors: plan.errors };
    const local = this.deps.local();
    if (!local) return failure(NOT_RUNNING);
    // Checked first: a cutover whose lead token could not be kept would be lost at once.
    const refusal = this.deps.secrets.refusal();
    if (refusal) return failure(refusal);
    let created: Awaited<ReturnType<LocalHub['hub']['createCutover']>>;
    try {
      const { title, window, isRehearsal } = request;
      created = await local.hub.createCutover({ title, window, isRehearsal, runbook: plan.plan }, ['lead']);
    } catch (error) {
      return failure(`The cutover could not be created: ${(error as Error).message}`);
    }
    const [lead] = created.invites;
    if (!lead) return failure('The hub created the cutover without a lead invite');
    this.deps.secrets.set(localInviteKey(created.cutoverId), lead.token);
    return { ok: true, membership: this.remember({ cutoverId: created.cutoverId, hub: local.url, title: request.title, role: 'lead' }, true) };
  }

  /**
   * Joins by link: the token is checked with the hub (a ticket is asked for) before it is kept.
   * A different token for a cutover this desktop already holds one for is not kept unless
   * `replace` says the user chose it: the answer names both roles, and nothing is written.
   * Otherwise a lead opening the single-use link they copied for the DBA would lose the lead
   * token, join as a second member and use the DBA's link up. The same token again just joins.
   */
  async join(link: string, opts: { replace?: boolean } = {}): Promise<JoinResult> {
    const target = parseJoinLink(link);
    if (!target) return failure('This is not a Warroom join link (warroom://join?… or https://…/#/join?…).');
    const refusal = this.deps.secrets.refusal();
    if (refusal) return failure(refusal);
    const local = this.deps.local();
    if (local?.hub.cutover(target.cutoverId)) {
      const issued = local.hub.issueTicket(target.cutoverId, target.token);
      if (!issued) return failure('This invite is not valid for this cutover: it was revoked, or the link is incomplete.');
      const kept = (held: string) =>
        this.deps.settings.findCutover((r) => r.cutoverId === target.cutoverId)?.role ?? local.hub.inviteRole(target.cutoverId, held);
      const asked = opts.replace ? null : this.replacing(localInviteKey(target.cutoverId), target.token, issued.role, kept);
      if (asked) return asked;
      this.deps.secrets.set(localInviteKey(target.cutoverId), target.token);
      return {
        ok: true,
        membership: this.remember({ cutoverId: target.cutoverId, hub: local.url, title: this.localTitle(local, target.cutoverId), role: issued.role }, true),
      };
    }
    const answer = await requestTicket(this.deps.fetch, target.hub, target.cutoverId, target.token);
    if (answer.kind !== 'issued') return failure(answer.reason);
    const kept = () => this.deps.settings.findCutover(sameRemote(target))?.role ?? null;
    const asked = opts.replace ? null : this.replacing(inviteKey(target.hub, target.cutoverId), target.token, answer.role, kept);
    if (asked) return asked;
    this.deps.secrets.set(inviteKey(target.hub, target.cutoverId), target.token);
    this.deps.settings.rememberHub(target.hub);
    const known = this.deps.settings.findCutover(sameRemote(target));
    const title = answer.title ?? known?.title ?? `Cutover ${target.cutoverId}`;
    return { ok: true, membership: this.remember({ cutoverId: target.cutoverId, hub: normalizeHub(target.hub), title, role: answer.role }, false) };
  }

  /** Reopens a cutover from the recent list; on the built-in hub, at its current address. */
  open(target: Target): MembershipResult {
    const { settings, secrets } = this.deps;
    if (secrets.has(localInviteKey(target.cutoverId))) {
      const local = this.deps.local();
      if (!local) return failure(NOT_RUNNING);
      if (!local.hub.cutover(target.cutoverId))
        return failure('This computer’s hub no longer holds this cutover: its folder was removed or cannot be read (the hub log says why).');
      const role = settings.findCutover((r) => r.cutoverId === target.cutoverId)?.role ?? this.localRole(local, target.cutoverId);
      if (!role) return failure('The invite kept for this cutover is no longer valid.');
      return {
        ok: true,
        membership: this.remember({ cutoverId: target.cutoverId, hub: local.url, title: this.localTitle(local, target.cutoverId), role }, true),
      };
    }
    const recent = settings.findCutover(sameRemote(target));
    if (!recent || !secrets.has(inviteKey(target.hub, target.cutoverId))) {
      return failure('This desktop holds no invite for that cutover; join it with its link.');
    }
    const { lastOpenedAt: _last, ...membership } = recent;
    return { ok: true, membership: this.remember(membership, false) };
  }

  /** A one-time ticket for the window's next connection attempt. */
  async ticket(target: Target): Promise<TicketResult> {
    try {
      if (this.deps.secrets.has(localInviteKey(target.cutoverId))) return this.localTicket(target);
      const token = this.deps.secrets.get(inviteKey(target.hub, target.cutoverId));
      if (token === null) return refused('This desktop holds no invite for this cutover; join it again with its link.');
      const answer = await requestTicket(this.deps.fetch, target.hub, target.cutoverId, token);
      if (answer.kind === 'issued') return { ok: true, ticket: answer.ticket };
      return { ok: false, refused: answer.kind === 'refused', reason: answer.reason };
    } catch (error) {
      if (error instanceof SecretUnreadable) return refused(error.message);
      throw error;
    }
  }

  private localTicket(target: Target): TicketResult {
    const local = this.deps.local();
    // Restarting (hosting switched on or off): the window tries again in a moment.
    if (!local) return { ok: false, refused: false, reason: 'Warroom’s own hub is restarting.' };
    if (normalizeHub(target.hub) !== normalizeHub(local.url)) {
      return refused(`Warroom’s own hub now listens at ${local.url}; open the cutover again from the start screen.`);
    }
    const token = this.deps.secrets.get(localInviteKey(target.cutoverId));
    const issued = token === null ? null : local.hub.issueTicket(target.cutoverId, token);
    return issued ? { ok: true, ticket: issued.ticket } : refused('The invite kept for this cutover is no longer valid.');
  }

  /**
   * The answer to a join whose token would replace a different one kept under `key`, or null
   * when nothing would be lost: none kept, the same one, or one that can no longer be decrypted
   * (unusable already; the way back from that is joining again by link).
   */
  private replacing(key: string, token: string, offered: Role, heldRole: (held: string) => Role | null): JoinResult | null {
    let held: string | null;
    try {
      held = this.deps.secrets.get(key);
    } catch (error) {
      if (error instanceof SecretUnreadable) return null;
      throw error;
    }
    if (held === null || held === token) return null;
    const role = heldRole(held);
    const yours = role ? `${role} access` : 'the access';
    const message =
      `This desktop is already in this cutover${role ? ` as ${role}` : ''}, and this link is for ${ROLE_WORDS[offered] ?? offered}: ` +
      `joining by it would replace ${yours} kept here, so it was not used.`;
    return { ok: false, errors: [{ message }], replace: { held: role, offered } };
  }

  private localTitle(local: LocalHub, cutoverId: string): string {
    return local.hub.cutover(cutoverId)?.title ?? `Cutover ${cutoverId}`;
  }

  private localRole(local: LocalHub, cutoverId: string): Role | null {
    const token = this.deps.secrets.get(localInviteKey(cutoverId));
    return (token !== null && local.hub.inviteRole(cutoverId, token)) || null;
  }

  /** Puts the membership first in the recent list; a local one replaces its entry whatever the old port. */
  private remember(membership: Membership, local: boolean): Membership {
    const isSame = local ? (r: { cutoverId: string }) => r.cutoverId === membership.cutoverId : undefined;
    this.deps.settings.rememberCutover({ ...membership, lastOpenedAt: this.deps.now() }, isSame);
    return membership;
  }
}

const sameRemote = (t: Target) => (r: Target) => r.cutoverId === t.cutoverId && normalizeHub(r.hub) === normalizeHub(t.hub);

type PlanResult = { ok: true; plan: RunbookPlan } | { ok: false; errors: RunbookError[] };

/** The runbook of a new cutover: a built-in template, or an import with line-numbered problems. */
export function planFrom(source: NewCutover['source']): PlanResult {
  if (source.kind === 'template') {
    const template = listTemplates().find((t) => t.id === source.templateId);
    return template ? { ok: true, plan: template.plan } : { ok: false, errors: [{ message: `There is no template "${source.templateId}"` }] };
  }
  const imported = source.kind === 'markdown' ? importMarkdownRunbook(source.text) : importYamlRunbook(source.text);
  return imported.ok ? { ok: true, plan: imported.plan } : { ok: false, errors: imported.errors };
}

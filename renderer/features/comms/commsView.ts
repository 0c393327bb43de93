import {
  DEFAULT_TEMPLATES,
  DESTINATIONS,
  MomentSchema,
  STATE_LABEL,
  templateForDecision,
  type CommsConfig,
  type Destination,
  type Moment,
  type Template,
  type WebhookConfig,
} from '@shared/comms';
import { maySend } from '@shared/comms/senders';
import type { CutoverState, Member, Role, StepState } from '@shared/cutover';
import { clockTime } from '../../lib/time';

/*
 * What the Comms tab shows, worked out apart from React: which templates there are, which
 * destinations can be ticked and why the others cannot, who may send. Delivery chips and
 * message rows live in deliveryView.ts, the composer's draft in composerView.ts.
 */

/** Where a template comes from: built in, built in but changed for this cutover, or the crew's own. */
export type TemplateSource = 'default' | 'changed' | 'custom';
export type TemplateEntry = { template: Template; source: TemplateSource };
export type TemplateGroup = { moment: Moment; label: string; entries: TemplateEntry[] };

const DEFAULT_IDS = new Set(DEFAULT_TEMPLATES.map((t) => t.id));

export const MOMENT_LABEL: Record<Moment, string> = {
  window_starting: 'Window starting',
  processing_paused: 'Processing paused',
  change_complete: 'Change complete',
  delayed: 'Running late',
  rolled_back: 'Rolled back',
  completed: 'Completed',
  custom: 'Your own',
};

export const DESTINATION_LABEL: Record<Destination, string> = { slack: 'Slack', banner: 'Customer banner', statuspage: 'Status page', webhook: 'Webhook' };

export { STATE_LABEL };

/** The built-in templates, each replaced by the one saved under its id, then the crew's own. */
export function mergedTemplates(saved: Readonly<Record<string, Template>>): TemplateEntry[] {
  const defaults = DEFAULT_TEMPLATES.map((d): TemplateEntry =>
    saved[d.id] ? { template: saved[d.id]!, source: 'changed' } : { template: d, source: 'default' },
  );
  const own = Object.values(saved)
    .filter((t) => !DEFAULT_IDS.has(t.id))
    .sort((a, b) => a.title.localeCompare(b.title))
    .map((template): TemplateEntry => ({ template, source: 'custom' }));
  return [...defaults, ...own];
}

/** Templates by the moment of the night they are for, in the night's order. */
export function templateGroups(entries: readonly TemplateEntry[]): TemplateGroup[] {
  return MomentSchema.options
    .map((moment) => ({ moment, label: MOMENT_LABEL[moment], entries: entries.filter((e) => e.template.moment === moment) }))
    .filter((g) => g.entries.length > 0);
}

export const findTemplate = (entries: readonly TemplateEntry[], id: string | null): Template | null =>
  id ? (entries.find((e) => e.template.id === id)?.template ?? null) : null;

export type DestinationOption = {
  destination: Destination;
  label: string;
  enabled: boolean;
  /** Where it goes when enabled, or that it is not set up yet. */
  hint: string;
};

/** Each destination, and whether a message can go there: the banner always can; the others once set up. */
export function destinationOptions(config: CommsConfig): DestinationOption[] {
  const hint: Record<Destination, string | null> = {
    banner: 'The banner the hub serves for your website.',
    slack: config.slack ? `Posts to ${config.slack.channel}${config.slack.threaded ? ', in the cutover’s thread' : ''}.` : null,
    statuspage: config.statuspage ? `Updates status page ${config.statuspage.pageId}.` : null,
    webhook: config.webhook ? `Signed POST to ${webhookHost(config.webhook)}.` : null,
  };
  return DESTINATIONS.map((destination) => ({
    destination,
    label: DESTINATION_LABEL[destination],
    enabled: hint[destination] !== null,
    hint: hint[destination] ?? 'Not set up yet.',
  }));
}

const SETUP_WORDS: Record<Destination, string> = { slack: 'Slack', banner: 'the banner', statuspage: 'a status page', webhook: 'a webhook' };

/** How the destinations not set up yet get set up, once for all of them; null when all are. */
export function setupHint(options: readonly DestinationOption[], isLead: boolean): string | null {
  const missing = options.filter((o) => !o.enabled).map((o) => SETUP_WORDS[o.destination]);
  if (missing.length === 0) return null;
  const names = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} or ${missing[missing.length - 1]}`;
  return isLead
    ? `To send to ${names}, set it up under “Set up Slack and status pages” at the top of this tab.`
    : `${names.charAt(0).toUpperCase()}${names.slice(1)} can be set up by the lead.`;
}

/** The host of an http(s) address, or null for anything else. */
export function httpHost(text: string): string | null {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.host : null;
  } catch {
    return null;
  }
}

/** Where a webhook's updates go, as the crew sees it: its host (its URL is a hub secret). */
export function webhookHost(webhook: WebhookConfig): string {
  return 'url' in webhook ? (httpHost(webhook.url) ?? webhook.url) : webhook.host;
}

export type SenderStatus = { may: true; reason: null } | { may: false; reason: string };

/** Whether this member may send updates, with the sentence shown when not. The hub holds the same line. */
export function senderStatus(state: CutoverState, member: Pick<Member, 'id' | 'role'> | null): SenderStatus {
  if (!member) return { may: false, reason: 'Not joined to the hub yet: updates can be sent once connected.' };
  const role: Role = state.members[member.id]?.role ?? member.role;
  if (role === 'observer') return { may: false, reason: 'Observers read along: updates are sent by comms, the lead, or someone the lead allowed.' };
  if (maySend(state, { id: member.id, name: '', role })) return { may: true, reason: null };
  return { may: false, reason: 'Only comms, the lead, or someone the lead allowed may send updates. Ask the lead to allow you under “Who may send”.' };
}

export type SenderChoice = { memberId: string; name: string; role: Role; allowed: boolean; always: boolean };

/** The crew the lead can allow to send; comms and the lead always may, observers never. */
export function senderChoices(state: { members: CutoverState['members']; comms: { config: Pick<CommsConfig, 'senders'> } }): SenderChoice[] {
  const senders = new Set(state.comms.config.senders);
  return Object.values(state.members)
    .filter((m) => m.role !== 'observer')
    .map((m) => {
      const always = m.role === 'lead' || m.role === 'comms';
      return { memberId: m.id, name: m.name, role: m.role, allowed: always || senders.has(m.id), always };
    })
    .sort((a, b) => Number(b.always) - Number(a.always) || a.name.localeCompare(b.name));
}

/*
 * A comms step names its moment in words ("Banner and Slack: processing restarted…").
 * Checked in this order: "restarted" also contains "start", "complete" may follow "change".
 */
const STEP_MOMENTS: ReadonlyArray<readonly [RegExp, Moment]> = [
  [/roll(ed|ing)?[ -]?back|back(ed)? out/i, 'rolled_back'],
  [/restart|change complete|resum/i, 'change_complete'],
  [/late|delay|longer than/i, 'delayed'],
  [/pause|stop/i, 'processing_paused'],
  [/complete|finish|done|over\b/i, 'completed'],
  [/start|begin|under way|opening/i, 'window_starting'],
];

/** The template a comms step of the runbook calls for, or null when its words name no moment. */
export function templateForStep(step: Pick<StepState, 'title' | 'description'>, entries: readonly TemplateEntry[]): string | null {
  for (const text of [step.title, step.description]) {
    const moment = STEP_MOMENTS.find(([re]) => re.test(text))?.[1];
    if (moment) return entries.find((e) => e.template.moment === moment)?.template.id ?? null;
  }
  return null;
}

export type DecisionSuggestion = { text: string; templateId: string };

/** After a decision nobody has told anyone about yet: the message it usually calls for. */
export function decisionSuggestion(state: CutoverState, entries: readonly TemplateEntry[]): DecisionSuggestion | null {
  const last = state.decisions[state.decisions.length - 1];
  if (!last) return null;
  const lastMessage = state.messages[state.messageOrder[state.messageOrder.length - 1] ?? ''];
  if (lastMessage && lastMessage.requestedAt >= last.at) return null;
  const template = findTemplate(entries, templateForDecision(last.decision));
  if (!template) return null;
  const tz = state.info?.window.timeZone ?? 'UTC';
  return { text: `${last.decision.toUpperCase()} by ${last.by.name} at ${clockTime(last.at, tz)}, not told yet.`, templateId: template.id };
}

export const SECRET_NAMES = { slack: 'slack-token', statuspage: 'statuspage-key', webhook: 'webhook-secret', webhookUrl: 'webhook-url' } as const;

/** "a, b  c," → ["a", "b", "c"]: ids as people paste them. */
export const parseIdList = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

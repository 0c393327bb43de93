import { z } from 'zod';
import { ActionItemSchema } from '../actions/schema';
import { DEFAULT_MAX_ARCHIVE_BYTES } from '../archive/format';
import { MaintenanceWindowSchema, RoleSchema } from '../cutover/schema';

/**
 * The IPC contract between the main process and the preload, as data.
 * Each channel (`domain:verb`) names the schema of what the renderer sends and of what
 * the main process answers. The main side parses both; the preload derives its types.
 * Invite tokens never cross it: the renderer gets one-time tickets, and invite links go
 * straight from the main process to the clipboard.
 */

export const AppInfoSchema = z.object({
  version: z.string().min(1),
  /** Node's `process.platform` of the desktop app, e.g. "linux", "darwin", "win32". */
  platform: z.string().min(1),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const ThemeSchema = z.enum(['dark', 'light']);

/** A cutover this desktop has opened: enough to list it and reopen it, no secret. */
export const RecentCutoverSchema = z.object({
  cutoverId: z.string().min(1).max(64),
  hub: z.string().url(),
  title: z.string().max(200),
  role: RoleSchema,
  lastOpenedAt: z.number().int().nonnegative(),
});
export type RecentCutover = z.infer<typeof RecentCutoverSchema>;

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10_000),
  height: z.number().int().min(300).max(10_000),
  maximized: z.boolean(),
});

export const SettingsSchema = z.object({
  displayName: z.string().trim().max(80),
  theme: ThemeSchema,
  recentCutovers: z.array(RecentCutoverSchema).max(50),
  recentHubs: z.array(z.string().url()).max(20),
  windowState: WindowStateSchema.nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.pick({ displayName: true, theme: true }).partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const SecretsStatusSchema = z.object({
  /** The OS keyring in use ("gnome_libsecret", "kwallet", "keychain", "dpapi", or "basic_text"). */
  backend: z.string(),
  /** False on Linux without a keyring: encryption then uses a key stored beside the data. */
  secure: z.boolean(),
  /** The user said yes to storing tokens with the weak backend anyway. */
  weakStorageAllowed: z.boolean(),
});
export type SecretsStatus = z.infer<typeof SecretsStatusSchema>;

/** Where the renderer connects for one cutover; authentication comes per attempt as a ticket. */
export const MembershipSchema = z.object({
  cutoverId: z.string().min(1).max(64),
  hub: z.string().url(),
  title: z.string().max(200),
  role: RoleSchema,
});
export type Membership = z.infer<typeof MembershipSchema>;

export const ProblemSchema = z.object({ line: z.number().int().positive().optional(), message: z.string() });
const failed = z.object({ ok: z.literal(false), errors: z.array(ProblemSchema).min(1) });
const MembershipResultSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), membership: MembershipSchema }), failed]);
export type MembershipResult = z.infer<typeof MembershipResultSchema>;

/**
 * A join by link that would replace the invite this desktop already keeps for that cutover:
 * nothing was written. `held` is the role kept here (null if this desktop does not know it),
 * `offered` the link's. Joining by it anyway takes `replace: true`, once the user said so.
 */
export const JoinReplaceSchema = z.object({ held: RoleSchema.nullable(), offered: RoleSchema });
export type JoinReplace = z.infer<typeof JoinReplaceSchema>;
const JoinResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), membership: MembershipSchema }),
  failed.extend({ replace: JoinReplaceSchema.optional() }),
]);
export type JoinResult = z.infer<typeof JoinResultSchema>;

export const RunbookSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('template'), templateId: z.string().min(1).max(64) }),
  z.object({ kind: z.enum(['markdown', 'yaml']), text: z.string().max(1_000_000) }),
]);

export const NewCutoverSchema = z.object({
  title: z.string().trim().min(1).max(200),
  window: MaintenanceWindowSchema,
  isRehearsal: z.boolean().default(false),
  source: RunbookSourceSchema,
});
export type NewCutoverRequest = z.input<typeof NewCutoverSchema>;

export const HubStatusSchema = z.object({
  mode: z.enum(['solo', 'team', 'stopped']),
  /** The hub's base URL as the crew reaches it. */
  url: z.string().nullable(),
  error: z.string().nullable(),
});
export type HubStatus = z.infer<typeof HubStatusSchema>;

export const HostRequestSchema = z.object({
  /** An address of this machine the crew can reach (0.0.0.0 for every interface). */
  host: z.string().min(1).max(255),
  port: z.number().int().min(1024).max(65535),
});

export const TemplateInfoSchema = z.object({ id: z.string(), title: z.string(), windowMinutes: z.number() });

/** A file the main process offered to save: where it went, or why not (both null when the user cancelled). */
export const SaveResultSchema = z.object({ saved: z.boolean(), path: z.string().nullable(), reason: z.string().nullable() });
export type SaveResult = z.infer<typeof SaveResultSchema>;

/**
 * An archive file the user picked, as text for the renderer to check and fold; `reason` is null
 * when they cancelled. `path` says which file: the edited postmortem is kept beside it.
 */
export const OpenedArchiveSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), text: z.string().max(DEFAULT_MAX_ARCHIVE_BYTES), fileName: z.string().max(255), path: z.string().max(4096) }),
  z.object({ ok: z.literal(false), reason: z.string().nullable() }),
]);
export type OpenedArchive = z.infer<typeof OpenedArchiveSchema>;

/**
 * The postmortem being edited in the review, kept beside its archive (`<archive>.draft.json`)
 * so that a closed window or a crash loses nothing. `checksum` is the archive's: a draft left
 * beside a file that has since been replaced is not offered for the new one.
 */
export const ReviewDraftSchema = z.object({
  checksum: z.string().min(1).max(128),
  text: z.string().max(5_000_000),
  actions: z.array(ActionItemSchema).max(500),
  savedAt: z.number().int().nonnegative(),
});
export type ReviewDraft = z.infer<typeof ReviewDraftSchema>;

/** Which archive's draft: one the user opened in this session through `archive:open`, and no other file. */
const DraftTargetSchema = z.object({ archive: z.string().min(1).max(4096) });
const DraftDoneSchema = z.object({ ok: z.boolean(), reason: z.string().nullable() });

type ChannelSpec = { input: z.ZodType; output: z.ZodType };

export const ipcContract = {
  'app:info': { input: z.undefined(), output: AppInfoSchema },
  'settings:get': { input: z.undefined(), output: SettingsSchema },
  'settings:set': { input: SettingsPatchSchema, output: SettingsSchema },
  'secrets:status': { input: z.undefined(), output: SecretsStatusSchema },
  'secrets:allowWeakStorage': { input: z.boolean(), output: SecretsStatusSchema },
  'templates:list': { input: z.undefined(), output: z.array(TemplateInfoSchema) },
  'cutovers:create': { input: NewCutoverSchema, output: MembershipResultSchema },
  /** `replace`: the user confirmed giving up the invite this desktop keeps for that cutover for this link's. */
  'membership:join': { input: z.object({ link: z.string().max(2000), replace: z.boolean().default(false) }), output: JoinResultSchema },
  'membership:open': { input: z.object({ cutoverId: z.string().min(1).max(64), hub: z.string().url() }), output: MembershipResultSchema },
  /** A one-time ticket for the next connection attempt; `refused` when the token no longer works. */
  'membership:ticket': {
    input: z.object({ cutoverId: z.string().min(1).max(64), hub: z.string().url() }),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), ticket: z.string() }),
      z.object({ ok: z.literal(false), refused: z.boolean(), reason: z.string() }),
    ]),
  },
  'hub:status': { input: z.undefined(), output: HubStatusSchema },
  'hub:host': { input: HostRequestSchema, output: HubStatusSchema },
  'hub:solo': { input: z.undefined(), output: HubStatusSchema },
  /** Mints an invite for a role and puts its link on the clipboard; the renderer never sees the token. */
  'hub:copyInvite': {
    input: z.object({ cutoverId: z.string().min(1).max(64), role: RoleSchema, station: z.string().max(40).default(''), kind: z.enum(['web', 'desktop']) }),
    output: z.object({ copied: z.boolean(), reason: z.string().nullable() }),
  },
  'notify:show': { input: z.object({ title: z.string().max(200), body: z.string().max(1000) }), output: z.undefined() },
  /** Saves a cutover's archive where the user says; the main process fetches it with the token it keeps. */
  'archive:export': { input: z.object({ cutoverId: z.string().min(1).max(64), hub: z.string().url() }), output: SaveResultSchema },
  /** An open dialog and the chosen file's text; no network: the renderer decodes and folds it. */
  'archive:open': { input: z.undefined(), output: OpenedArchiveSchema },
  /** The draft kept beside an opened archive: null when there is none; `reason` when it cannot be read (it is left as it is). */
  'draft:load': {
    input: DraftTargetSchema,
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), draft: ReviewDraftSchema.nullable() }),
      z.object({ ok: z.literal(false), reason: z.string() }),
    ]),
  },
  /** Replaces the draft beside an opened archive, atomically. */
  'draft:save': { input: DraftTargetSchema.extend({ draft: ReviewDraftSchema }), output: DraftDoneSchema },
  /** Removes the draft beside an opened archive ("Discard it"). */
  'draft:discard': { input: DraftTargetSchema, output: DraftDoneSchema },
  /** Renders the postmortem's HTML (scripts off, no network) to a PDF and saves it where the user says. */
  'postmortem:pdf': { input: z.object({ html: z.string().max(20_000_000) }), output: SaveResultSchema },
} as const satisfies Record<`${string}:${string}`, ChannelSpec>;

/** Messages the main process pushes to the renderer. */
export const pushContract = {
  /** A warroom:// join link was opened (from the OS or a second launch). */
  'join:link': z.object({ link: z.string().max(2000) }),
  /** A menu item or accelerator: the renderer carries it out. */
  'menu:command': z.enum(['new-cutover', 'join', 'help', 'add-note', 'toggle-theme', 'go-start']),
} as const;
export type PushChannel = keyof typeof pushContract;
export type PushPayload<C extends PushChannel> = z.infer<(typeof pushContract)[C]>;
export type MenuCommand = PushPayload<'menu:command'>;

export type IpcChannel = keyof typeof ipcContract;
export type IpcInput<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['output']>;

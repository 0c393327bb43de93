import { z } from 'zod';
import type { CutoverEvent } from '../cutover/events';
import type { Member, Role } from '../cutover/schema';
import type { SampleBatch } from '../metrics/schema';

export const PROTOCOL_VERSION = 1;
/** The WebSocket subprotocol; the token rides beside it as `warroom.token.<token>`. */
export const SUBPROTOCOL = 'warroom.v1';
export const TOKEN_PROTOCOL_PREFIX = 'warroom.token.';
/** A one-time ticket the desktop app's main process obtained with the token it keeps. */
export const TICKET_PROTOCOL_PREFIX = 'warroom.ticket.';

/** Close codes the hub uses, so a client can tell "try again" from "stop trying". */
export const CloseCode = {
  goingAway: 1001,
  tooBig: 1009,
  internal: 1011,
  tooSlow: 4008,
  badHello: 4400,
  unauthorized: 4401,
  ticketInvalid: 4402,
  forbiddenOrigin: 4403,
  unknownCutover: 4404,
  helloTimeout: 4408,
  revoked: 4410,
  journalFailed: 4500,
} as const;

/** Codes after which reconnecting with the same link cannot succeed. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.badHello,
  CloseCode.unauthorized,
  CloseCode.forbiddenOrigin,
  CloseCode.unknownCutover,
  CloseCode.revoked,
]);

/**
 * The longest command id the hub takes (a UUID is 36). A longer one is refused as `invalid`
 * and echoed cut to this length: a reply never repeats a client's megabyte back to it.
 */
export const COMMAND_ID_MAX = 64;

/**
 * The largest frame a hub reads (its socket's maxPayload): a larger one closes the socket
 * (1009). A client refuses such a command itself, at once: sent, it would be sent again
 * after every reconnect, and the commands queued behind it would wait for good.
 */
export const FRAME_MAX_BYTES = 1024 * 1024;

// Client → hub

/** The longest display name; a longer one is refused with this sentence, never cut (#16). */
export const NAME_MAX = 80;
export const NAME_TOO_LONG = `A name is at most ${NAME_MAX} characters: use a shorter one, such as “Dana (DBA)”`;

const TIP_MAX = 200;

/** An event as a hello names it: when, what and by whom, enough to tell two histories apart at one seq. */
export const eventTip = (e: { ts: number; type: string; actor: { id: string } }): string => `${e.ts} ${e.type} ${e.actor.id}`.slice(0, TIP_MAX);

export const HelloSchema = z.object({
  t: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  /** The display name of the person at this screen. */
  name: z.string().trim().min(1, 'A display name is required').max(NAME_MAX, NAME_TOO_LONG),
  /** The last seq this client has; the hub sends everything after it. */
  since: z.number().int().nonnegative(),
  /**
   * Which event `since` is to this client (eventTip): a hub whose history went back (a restored
   * backup, a database failover that lost writes) and grew again past `since` holds another
   * event there, and the client must start over rather than keep what the hub no longer has.
   */
  tip: z.string().max(TIP_MAX).optional(),
});

export const ClientMessageSchema = z.discriminatedUnion('t', [
  HelloSchema,
  z.object({ t: z.literal('command'), id: z.string(), type: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('ping'), t0: z.number() }),
  /** "Test connection" for a lag source before it is saved: one read, nothing recorded. */
  z.object({ t: z.literal('probe'), id: z.string().max(64), source: z.unknown() }),
  /** "Test" for Slack, the status page or the webhook as the cutover has them set up. */
  z.object({ t: z.literal('checkComms'), id: z.string().max(64), destination: z.enum(['slack', 'statuspage', 'webhook']) }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type Hello = z.infer<typeof HelloSchema>;

// Hub → client

export type PresenceEntry = {
  memberId: string;
  name: string;
  role: Role;
  station: string;
  connections: number;
  connectedSince: number;
};

export type ServerMessage =
  /**
   * `envSecrets`: the `WARROOM_SECRET_*` variables the hub was started with (names only, never
   * values), so a set-up form shows a secret given that way as present. Absent from older hubs.
   */
  | { t: 'welcome'; protocol: number; cutoverId: string; member: Member; serverTime: number; headSeq: number; resumeFrom: number; envSecrets?: string[] }
  | { t: 'events'; events: CutoverEvent[] }
  | { t: 'synced'; seq: number }
  /** `result` carries what only the sender may see (a new invite's token). */
  | { t: 'ack'; id: string; seqs: number[]; result?: unknown }
  | { t: 'reject'; id: string; code: string; reason: string }
  | { t: 'presence'; members: PresenceEntry[] }
  | { t: 'pong'; t0: number; serverTime: number }
  | { t: 'error'; code: string; reason: string }
  /**
   * Lag samples. `history: true` is the downsampled backfill sent once after `synced`
   * (it replaces what the client had for those series); live batches follow every second.
   */
  | { t: 'samples'; batches: SampleBatch[]; history: boolean }
  /** `value`: a lag source's reading; `detail`: a sentence ("Slack team Acme, #cutover as @warroom"). */
  | { t: 'probed'; id: string; ok: true; value: number | null; detail: string }
  | { t: 'probed'; id: string; ok: false; error: string };

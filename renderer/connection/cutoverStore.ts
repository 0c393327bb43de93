import { create } from 'zustand';
import { CommandRejected, type ConnectionStatus, type HubClient, type PendingCommand, type ProbeResult } from '@shared/client';
import {
  emptyCutoverState,
  type CommandPayloadInput,
  type CommandType,
  type CutoverEvent,
  type CutoverState,
  type Member,
  type NoteSeverity,
} from '@shared/cutover';
import type { PresenceEntry } from '@shared/protocol';
import { useLag } from './lagStore';
import { giveBackNote } from './noteDraft';
import { typedIn, whatWasAsked } from './refusedCommand';
import { lostAtAfter } from './staleness';

/** What `request` answers when the hub said no (the refusal itself is shown by the store). */
export const REFUSED = Symbol('refused');

export type Refusal = {
  id: string;
  type: CommandType;
  /** The hub's reason, as it said it. */
  reason: string;
  at: number;
  /** What was asked for, in words: "Fail “Stop event processing”". */
  what: string;
  /** What the person wrote for it (a reason, a note), shown with the refusal so none of it is lost; null if nothing. */
  typed: string | null;
  /** The change was kept from before this page was reloaded: nothing else on screen says what it was. */
  fromBeforeReload: boolean;
  /** A refused timeline note went back into the note box. */
  backInComposer: boolean;
};

/** Past this many refusals listed, the oldest with nothing typed goes (the screen shows this many, and says how many more). */
export const REFUSALS_SHOWN = 5;

/**
 * `list` with `next` added. Past REFUSALS_SHOWN the oldest with nothing typed goes, never the
 * one just added; one that carries typed text never goes: seven queued notes refused together
 * are seven texts, each kept until dismissed (the screen lists the newest and says how many
 * more there are).
 */
export function withRefusal(list: readonly Refusal[], next: Refusal): Refusal[] {
  const all = [...list, next];
  while (all.length > REFUSALS_SHOWN) {
    const plain = all.findIndex((r, i) => r.typed === null && i < all.length - 1);
    if (plain < 0) break;
    all.splice(plain, 1);
  }
  return all;
}

export type CutoverStore = {
  client: HubClient | null;
  status: ConnectionStatus;
  refusal: string | null;
  /** Why the hub let this window go for now (it cannot record), while it tries again. */
  interruption: string | null;
  state: CutoverState;
  /**
   * The client's own array, which grows in place: never copied, so a long night's events are
   * not duplicated on every batch. Its identity alone does not say it grew: select
   * `eventCount` beside it and memoise on both.
   */
  events: readonly CutoverEvent[];
  /** How many events there were at the last sync: it moves with every batch that brought some. */
  eventCount: number;
  member: Member | null;
  /** The secrets the hub's environment gives (`WARROOM_SECRET_*` names): a set-up form shows them as present. */
  envSecrets: readonly string[];
  presence: PresenceEntry[];
  pending: readonly PendingCommand[];
  /** Refusals not yet dismissed, newest last. */
  refusals: Refusal[];
  clockOffsetMs: number;
  /** Hub time at which the connection was lost after being live: what is shown dates from then. */
  lostAt: number | null;
  /** Several hubs serve the night: the one this window is on (host:port) and when it moved there; null with one hub. */
  onHub: { host: string; movedAt: number | null } | null;
  /** Set while a recorded night is replayed: the moment shown, which stands in for "now". */
  replayNow: number | null;
  /** In replay, jumps to a moment (a timeline entry's). */
  seek: ((at: number) => void) | null;
  /** Shows a recorded night as it stood at `now`: no hub, nothing can be changed. */
  showReplay: (view: { state: CutoverState; events: readonly CutoverEvent[]; now: number; seek: (at: number) => void }) => void;
  attach: (client: HubClient) => () => void;
  send: <T extends CommandType>(type: T, payload: CommandPayloadInput<T>) => Promise<boolean>;
  /** Like send, for the few commands whose answer carries something back (a new invite). */
  request: <T extends CommandType>(type: T, payload: CommandPayloadInput<T>) => Promise<unknown>;
  dismissRefusal: (id: string) => void;
  /** Reads a lag source once through the hub ("Test connection"). */
  probe: (source: unknown) => Promise<ProbeResult>;
  /** Checks Slack, the status page or the webhook as set up ("Test"). */
  checkComms: (destination: 'slack' | 'statuspage' | 'webhook') => Promise<ProbeResult>;
};

const OFFLINE: ProbeResult = { ok: false, error: 'Not connected to the hub' };

/**
 * The client's queue, copied only when it changed: every batch of events syncs the store,
 * and a new but equal array would redraw everything that reads `pending` (the whole runbook)
 * for a note someone else wrote. (A command's `sent` flag changes in place; no screen reads it.)
 */
function samePending(prev: readonly PendingCommand[], now: readonly PendingCommand[]): readonly PendingCommand[] {
  return prev.length === now.length && prev.every((c, i) => c === now[i]) ? prev : now.slice();
}

/**
 * The one store a cutover screen reads, fed by the hub connection. Components select
 * narrow slices (`useCutover(s => s.state.steps)`), or `useStateFor(fields)` for a view
 * function that takes the whole state; the reducer keeps unchanged steps identical, so a row
 * re-renders only when its own step changes.
 */
export const useCutover = create<CutoverStore>((set, get) => ({
  client: null,
  status: 'connecting',
  refusal: null,
  interruption: null,
  state: emptyCutoverState(),
  events: [],
  eventCount: 0,
  member: null,
  envSecrets: [],
  presence: [],
  pending: [],
  refusals: [],
  clockOffsetMs: 0,
  lostAt: null,
  onHub: null,
  replayNow: null,
  seek: null,

  showReplay({ state, events, now, seek }) {
    set({
      client: null,
      status: 'live',
      refusal: null,
      interruption: null,
      member: null,
      presence: [],
      pending: [],
      refusals: [],
      state,
      events,
      eventCount: events.length,
      replayNow: now,
      seek,
      lostAt: null,
    });
  },

  attach(client) {
    const sync = () =>
      set({
        status: client.status,
        // A night restored on this device with no hub answering is "as of" when a hub was last heard.
        lostAt:
          lostAtAfter(get().status, client.status, get().lostAt, Date.now() + client.clock.offsetMs) ??
          (client.status === 'live' ? null : client.restoredHeardAt),
        onHub: onHubOf(client, get().onHub),
        refusal: client.refusal,
        interruption: client.interruption,
        state: client.state,
        // The count moves only when events arrived, so the timeline does not redraw on every tick.
        events: client.events,
        eventCount: client.events.length,
        member: client.member,
        envSecrets: client.envSecrets,
        presence: client.presence,
        pending: samePending(get().pending, client.pending),
        clockOffsetMs: client.clock.offsetMs,
      });
    set({ client, status: client.status, events: [], eventCount: 0, refusals: [], replayNow: null, seek: null, lostAt: null });
    sync();
    const off = client.subscribe(sync);
    // A change kept from before a reload has no sender waiting on this page: its refusal comes here.
    const offRefusals = client.onUnclaimedRefusal(({ command, reason }) => refused(command.id, command.type, command.payload, reason, true));
    // Samples go to their own store: a second's points must not redraw the runbook.
    useLag.getState().reset();
    const offSamples = client.onSamples((batches, history) => useLag.getState().ingest(batches, { history }));
    return () => {
      off();
      offRefusals();
      offSamples();
      set({ client: null });
    };
  },

  async send(type, payload) {
    return (await get().request(type, payload)) !== REFUSED;
  },

  async request(type, payload) {
    const client = get().client;
    if (!client) return REFUSED;
    const { id, outcome } = client.send(type, payload);
    try {
      return (await outcome).result;
    } catch (e) {
      refused(id, type, payload, e instanceof CommandRejected ? e.message : 'The command could not be sent', false);
      return REFUSED;
    }
  },

  dismissRefusal(id) {
    set((s) => ({ refusals: s.refusals.filter((r) => r.id !== id) }));
  },

  probe(source) {
    return get().client?.probe(source) ?? Promise.resolve(OFFLINE);
  },

  checkComms(destination) {
    return get().client?.checkComms(destination) ?? Promise.resolve(OFFLINE);
  },
}));

/**
 * Records a refusal for the screen (Refusals.tsx), with what was asked and what was typed for
 * it; a refused timeline note also goes back into the note box when that is empty.
 */
function refused(id: string, type: CommandType, payload: unknown, reason: string, fromBeforeReload: boolean): void {
  const { state } = useCutover.getState();
  const typed = typedIn(type, payload);
  const severity = (payload as { severity?: NoteSeverity } | null)?.severity ?? 'info';
  const backInComposer = type === 'note.add' && typed !== null && state.info !== null && giveBackNote(state.info.id, { text: typed, severity });
  const refusal: Refusal = { id, type, reason, at: Date.now(), what: whatWasAsked(type, payload, state), typed, fromBeforeReload, backInComposer };
  useCutover.setState((s) => ({ refusals: withRefusal(s.refusals, refusal) }));
}

/** My role as the journal has it now (the lead may change it during the night). */
export const useMyRole = () => useCutover((s) => (s.member ? (s.state.members[s.member.id]?.role ?? s.member.role) : 'observer'));

/** Which of several hubs the client is on, kept as the same object while it stays there (no redraw). */
function onHubOf(client: HubClient, was: CutoverStore['onHub']): CutoverStore['onHub'] {
  if (!(client.hubCount >= 2)) return null;
  const host = new URL(client.hub).host;
  return was?.host === host && was.movedAt === client.movedAt ? was : { host, movedAt: client.movedAt };
}

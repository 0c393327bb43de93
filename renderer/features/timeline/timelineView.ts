import { statusSentence, type CutoverEvent, type CutoverState, type NoteSeverity } from '@shared/cutover';
import type { AlertKind } from '@shared/metrics';
import { overrideWords } from '@shared/polls';
import { writtenTail } from '@shared/protocol';
import { clockTime, span } from '../../lib/time';
import { checkLine } from '../checks';
import { commsLine, onTimeline, templateRemovedLine } from '../comms';

export type TimelineEntry = {
  seq: number;
  at: number;
  who: string;
  text: string;
  tone: NoteSeverity | 'step' | 'system';
  /** A note's id: a note of kind "action" offers to become an action item. */
  noteId?: string;
};

const ALERT_TONES: Record<AlertKind, TimelineEntry['tone']> = {
  warning: 'issue',
  critical: 'issue',
  not_draining: 'issue',
  down: 'issue',
  normal: 'info',
  draining: 'info',
  up: 'info',
};

const FIELD_WORDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  owner: 'owner',
  plannedOffsetMin: 'planned start',
  plannedDurationMin: 'planned duration',
  dependsOn: 'dependencies',
  kind: 'kind',
  rollbackNote: 'rollback note',
  pointOfNoReturn: 'point of no return',
};

/** ": owner, planned duration": which fields a plan edit changed. */
const editedFields = (changes: object): string => {
  const names = Object.keys(changes).map((k) => FIELD_WORDS[k] ?? k);
  return names.length ? `: ${names.join(', ')}` : '';
};

/** One sentence per event, as a postmortem timeline would say it. */
export function describeEvent(e: CutoverEvent, state: CutoverState): TimelineEntry {
  const step = (id: string) => `“${state.steps[id]?.title ?? id}”`;
  const base = { seq: e.seq, at: e.ts, who: e.actor.name };
  const as = (text: string, tone: TimelineEntry['tone'] = 'step'): TimelineEntry => ({ ...base, text, tone });
  switch (e.type) {
    case 'cutover.created':
      return as(`Cutover “${e.payload.cutover.title}” created`, 'system');
    case 'cutover.updated':
      return as('Cutover details changed', 'system');
    case 'cutover.statusChanged':
      return as(
        statusSentence(e.payload, step, (r) => (r ? `: ${r}` : '')),
        'decision',
      );
    case 'runbook.replaced':
      return as('Runbook replaced', 'system');
    case 'step.added':
      return as(`Step ${`“${e.payload.step.title}”`} added`, 'system');
    case 'step.edited':
      return as(`Step ${step(e.payload.stepId)} edited${editedFields(e.payload.changes)}`, 'system');
    // A removal names what went from its event: the night as it stands no longer has it.
    case 'step.removed':
      return as(`Step ${e.payload.title ? `“${e.payload.title}”` : step(e.payload.stepId)} removed`, 'system');
    case 'step.moved':
      // Where it went, which is true whether it changed phase or only place ("moved to Verify" read as news when it was already there).
      return as(
        `Step ${step(e.payload.stepId)} moved: now step ${e.payload.index + 1} of ${state.phases.find((p) => p.id === e.payload.phaseId)?.title ?? 'another phase'}`,
        'system',
      );
    case 'step.started':
      return as(`Started ${step(e.payload.stepId)}${e.payload.forcedReason ? ` before its dependencies: ${e.payload.forcedReason}` : ''}`);
    case 'step.completed':
      return as(`Done ${step(e.payload.stepId)}${e.payload.note ? `: ${e.payload.note}` : ''}`);
    case 'step.skipped':
      return as(`Skipped ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.failed':
      return as(`Failed ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.blocked':
      return as(`Blocked ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.reopened':
      return as(`Reopened ${step(e.payload.stepId)}: ${e.payload.reason}`, 'issue');
    case 'step.noted':
      return as(`On ${step(e.payload.stepId)}: ${e.payload.text}${writtenTail(e, state.info?.window.timeZone ?? 'UTC')}`, 'info');
    case 'note.added':
      return { ...as(`${e.payload.text}${writtenTail(e, state.info?.window.timeZone ?? 'UTC')}`, e.payload.severity), noteId: e.payload.noteId };
    case 'member.joined':
      return as(`${e.payload.member.name} joined as ${e.payload.member.role}${e.payload.member.station ? ` (${e.payload.member.station})` : ''}`, 'system');
    case 'member.shiftChanged':
      return as(`${e.actor.name} went ${e.payload.onShift ? 'on' : 'off'} shift${e.payload.handover ? `. Handover: ${e.payload.handover}` : ''}`, 'info');
    case 'member.stationChanged':
      return as(`${state.members[e.payload.memberId]?.name ?? 'A member'} now covers ${e.payload.station || 'no station'}`, 'system');
    case 'ponr.overridden':
      return as(`Override: the point of no return at ${step(e.payload.stepId)} may be crossed without a GO: ${e.payload.reason}`, 'decision');
    case 'member.roleChanged':
      return as(`${state.members[e.payload.memberId]?.name ?? 'A member'} is now ${e.payload.role}`, 'system');
    case 'invite.created':
      return as(`Invite for ${e.payload.invite.role}${e.payload.invite.station ? ` (${e.payload.invite.station})` : ''} created`, 'system');
    case 'invite.revoked':
      return as(`Invite ${state.invites[e.payload.inviteId]?.label ?? ''} revoked`, 'system');
    case 'poll.opened':
      return as(`Go/no-go poll opened: ${e.payload.question}`, 'decision');
    case 'poll.answered':
      return as(
        `${e.payload.vote === 'go' ? 'GO' : 'NO-GO'} from ${e.payload.stations.map((s) => s.split(':')[1]).join(', ')}${e.payload.comment ? `: ${e.payload.comment}` : ''}`,
        e.payload.vote === 'go' ? 'decision' : 'issue',
      );
    case 'poll.closed':
      return as(`Poll “${state.polls[e.payload.pollId]?.question ?? ''}” closed (${e.payload.reason.replace('_', ' ')})`, 'decision');
    case 'poll.reopened':
      return as(`Poll “${state.polls[e.payload.pollId]?.question ?? ''}” asked again (round ${e.payload.round})`, 'decision');
    case 'poll.conditionChecked':
      return as(`Condition “${state.polls[e.payload.pollId]?.conditions[e.payload.index]?.text ?? ''}” ${e.payload.met ? 'met' : 'not met'}`, 'info');
    case 'decision.recorded':
      return as(
        `Decision: ${e.payload.decision.toUpperCase()}: ${e.payload.rationale}${e.payload.override ? `. ${overrideWords(e.payload.override)}: ${e.payload.override.reason}` : ''}`,
        'decision',
      );
    case 'rollback.started':
      return as(`Rollback started: ${e.payload.phase.steps.length} step${e.payload.phase.steps.length === 1 ? '' : 's'} to undo`, 'issue');
    case 'journal.recovered':
      return as(`Hub recovered after a crash (an unacknowledged ${e.payload.droppedBytes}-byte record was dropped)`, 'system');
    case 'hub.resumed': {
      const tz = state.info?.window.timeZone ?? 'UTC';
      return as(
        `Hub was down ${clockTime(e.payload.downFrom, tz, true)}–${clockTime(e.payload.downUntil, tz, true)} (${span(e.payload.downUntil - e.payload.downFrom)})`,
        'issue',
      );
    }
    case 'secret.stored':
      return as(`Secret “${e.payload.name}” stored on the hub`, 'system');
    case 'series.defined':
      return as(`Lag series “${e.payload.series.name}” set up`, 'system');
    case 'series.removed':
      return as(`Lag series “${e.payload.name ?? state.series[e.payload.seriesId]?.name ?? e.payload.seriesId}” removed`, 'system');
    case 'series.alerted':
      return as(e.payload.message, ALERT_TONES[e.payload.kind]);
    case 'comms.configured':
      return as('Comms set up changed', 'system');
    case 'comms.allowed':
      return as(`${state.members[e.payload.memberId]?.name ?? 'A member'} ${e.payload.allowed ? 'may now send updates' : 'no longer sends updates'}`, 'system');
    case 'template.saved':
      return as(`Template “${e.payload.template.title}” saved`, 'system');
    case 'template.removed':
      return as(templateRemovedLine(e, state), 'system');
    // Updates and how their deliveries end: the comms feature words them (commsTimeline.ts).
    case 'message.requested':
    case 'delivery.sending':
    case 'delivery.sent':
    case 'delivery.failed':
    case 'delivery.retried':
    case 'delivery.cancelled': {
      const line = commsLine(e, state);
      return as(line.text, line.tone);
    }
    case 'comms.providerRef':
      return as(`Comms: ${e.payload.key} recorded`, 'system');
    case 'check.defined':
    case 'check.removed':
    case 'check.requested':
    case 'check.evaluated': {
      const line = checkLine(e, state);
      return as(line.text, line.tone);
    }
    case 'action.added':
      return as(`Action item for ${e.payload.item.owner}: ${e.payload.item.title}`, 'system');
    case 'action.edited':
      return as(`Action item changed: ${e.payload.item.title}${e.payload.item.done ? ' (done)' : ''}`, 'system');
    case 'action.removed':
      return as(e.payload.title ? `Action item removed: ${e.payload.title}` : 'Action item removed', 'system');
  }
}

/*
 * A note's line reads nothing of the state but the zone (its text, its kind, when it was
 * written): worded once per note, not again at every event for the 200 lines of the page,
 * and the same object each time, so its memoised line is not even compared field by field.
 */
const notesWorded = new WeakMap<CutoverEvent, { timeZone: string; entry: TimelineEntry }>();

function describeKept(e: CutoverEvent, state: CutoverState): TimelineEntry {
  if (e.type !== 'note.added') return describeEvent(e, state);
  const timeZone = state.info?.window.timeZone ?? 'UTC';
  const kept = notesWorded.get(e);
  if (kept?.timeZone === timeZone) return kept.entry;
  const entry = describeEvent(e, state);
  notesWorded.set(e, { timeZone, entry });
  return entry;
}

/* Filters and grouping ---------------------------------------------------------------- */

/** What the timeline can be narrowed to; everything else (joins, invites, set-up) shows only under "all". */
export const TIMELINE_KINDS = ['steps', 'decisions', 'notes', 'alerts', 'comms'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number] | 'other';

export type TimelineFilter = { kind: TimelineKind | 'all'; person: string | 'all' };
export const ALL: TimelineFilter = { kind: 'all', person: 'all' };

/** Which filter an event belongs to, by its type's family: a new step.* or delivery.* event finds its place. */
export function kindOf(e: CutoverEvent): TimelineKind {
  const t: string = e.type;
  if (t === 'note.added' || t === 'step.noted') return 'notes';
  if (t === 'series.alerted') return 'alerts';
  if (t.startsWith('step.') || t === 'runbook.replaced') return 'steps';
  if (t.startsWith('poll.') || t.startsWith('decision.') || t.startsWith('ponr.') || t === 'rollback.started' || t === 'cutover.statusChanged')
    return 'decisions';
  if (t.startsWith('message.') || t.startsWith('delivery.') || t.startsWith('comms.') || t.startsWith('template.')) return 'comms';
  return 'other';
}

/** People by name (then id), for the person filter. */
const sortedPeople = (people: ReadonlyMap<string, string>): { id: string; name: string }[] =>
  [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

type PeopleSoFar = { upTo: number; people: Map<string, string>; list: { id: string; name: string }[] };
const peopleSoFar = new WeakMap<readonly CutoverEvent[], PeopleSoFar>();

/**
 * Everyone who did something tonight, the hub included, by name, once, from the client's
 * events array, which only grows in place: only the events added since the last call are read
 * (a long night has thousands), and the same list comes back while nobody new acted, so the
 * person filter is not redrawn.
 */
export function timelinePeopleSoFar(events: readonly CutoverEvent[]): { id: string; name: string }[] {
  let known = peopleSoFar.get(events);
  if (!known || known.upTo > events.length) {
    known = { upTo: 0, people: new Map(), list: [] };
    peopleSoFar.set(events, known);
  }
  let changed = known.upTo === 0;
  for (let i = known.upTo; i < events.length; i++) {
    const { id, name } = events[i]!.actor;
    if (known.people.get(id) !== name) {
      known.people.set(id, name);
      changed = true;
    }
  }
  known.upTo = events.length;
  if (changed) known.list = sortedPeople(known.people);
  return known.list;
}

export const filterEvents = (events: readonly CutoverEvent[], f: TimelineFilter): readonly CutoverEvent[] =>
  f.kind === 'all' && f.person === 'all'
    ? events
    : events.filter((e) => (f.kind === 'all' || kindOf(e) === f.kind) && (f.person === 'all' || e.actor.id === f.person));

/** Several entries on one line that opens to show each: a series' alerts, a check's runs that said the same. */
export type EntryGroup = {
  key: string;
  /** The series or check they are of. */
  of: string;
  text: string;
  tone: TimelineEntry['tone'];
  /** Newest first. */
  entries: TimelineEntry[];
  /** The time the line shows: where it stands on the timeline. */
  at: number;
};
export type TimelineRow = { entry: TimelineEntry; group?: undefined } | { group: EntryGroup; entry?: undefined };

type Evaluated = Extract<CutoverEvent, { type: 'check.evaluated' }>;
const verdictOf = (e: Evaluated) => (e.payload.pass ? 'pass' : e.payload.error ? 'error' : 'fail');

/** The check results that said what the check's previous result said: news only when it changes. */
function repeatedResults(events: readonly CutoverEvent[]): Set<CutoverEvent> {
  const last = new Map<string, string>();
  const repeats = new Set<CutoverEvent>();
  for (const e of events) {
    if (e.type !== 'check.evaluated') continue;
    const verdict = verdictOf(e);
    if (last.get(e.payload.checkId) === verdict) repeats.add(e);
    last.set(e.payload.checkId, verdict);
  }
  return repeats;
}

/**
 * The rows to show, newest first. What repeats would bury everything else:
 * - a series that alerts again and again (a queue flapping at its line): alerts with nothing
 *   else between them are gathered per series, "Orders queue: 5 alerts, 02:10–02:40", each
 *   group where its newest alert was and toned like it (the series' state now);
 * - a check that fails every minute: its runs that said the same as the one before are folded
 *   into the line of the run that changed the verdict, "… failed: 7.3, not below 5 · the same
 *   3 more times, to 01:54 (latest: 6.1, not below 5)", where that first run was.
 */
export function timelineRows(events: readonly CutoverEvent[], state: CutoverState, timeZone: string): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let run = new Map<string, TimelineEntry[]>();
  const flush = () => {
    for (const [seriesId, entries] of run) {
      if (entries.length === 1) rows.push({ entry: entries[0]! });
      else {
        const [newest, oldest] = [entries[0]!, entries[entries.length - 1]!];
        const name = state.series[seriesId]?.name ?? seriesId;
        const text = `${name}: ${entries.length} alerts, ${clockTime(oldest.at, timeZone)}–${clockTime(newest.at, timeZone)}`;
        rows.push({ group: { key: `alerts:${seriesId}:${newest.seq}`, of: seriesId, text, tone: newest.tone, entries, at: newest.at } });
      }
    }
    run = new Map();
  };
  const repeats = repeatedResults(events);
  /** Per check, its repeated runs met so far (newest first), waiting for the run they repeat. */
  const again = new Map<string, { entry: TimelineEntry; e: Evaluated }[]>();
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    // A delivery's attempts and retries stay in its own events: the timeline shows its first failure and its end.
    if (!onTimeline(e)) continue;
    if (e.type === 'check.evaluated') {
      const entry = describeEvent(e, state);
      const later = again.get(e.payload.checkId) ?? [];
      if (repeats.has(e)) {
        // A check failing every minute of a long night repeats hundreds of times: one list each.
        if (later.length === 0) again.set(e.payload.checkId, later);
        later.push({ entry, e });
        continue;
      }
      flush();
      again.delete(e.payload.checkId);
      if (later.length === 0) rows.push({ entry });
      else {
        const latest = later[0]!;
        const text = `${entry.text} · the same ${later.length} more time${later.length > 1 ? 's' : ''}, to ${clockTime(latest.entry.at, timeZone)} (latest: ${latest.e.payload.error ?? latest.e.payload.summary})`;
        const entries = [...later.map((l) => l.entry), entry];
        rows.push({ group: { key: `check:${e.payload.checkId}:${e.seq}`, of: e.payload.checkId, text, tone: entry.tone, entries, at: entry.at } });
      }
      continue;
    }
    if (e.type !== 'series.alerted') {
      flush();
      rows.push({ entry: describeKept(e, state) });
      continue;
    }
    const list = run.get(e.payload.seriesId) ?? [];
    list.push(describeEvent(e, state));
    run.set(e.payload.seriesId, list);
  }
  flush();
  return rows;
}

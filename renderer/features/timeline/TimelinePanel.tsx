import { memo, useCallback, useMemo, useState } from 'react';
import { actionItems, type ActionItem } from '@shared/actions';
import { mayIssue, type CutoverEvent } from '@shared/cutover';
import { useCutoverLater } from '../../connection/cutoverLater';
import { useMyRole } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { ActionItemDialog, itemsFrom, MadeItems } from '../actions';
import { NoteComposer } from './NoteComposer';
import { TimelineFilters } from './TimelineFilters';
import { TimelineGroup } from './TimelineGroup';
import { TimelineItem } from './TimelineItem';
import { ALL, filterEvents, timelinePeopleSoFar, timelineRows, type TimelineEntry, type TimelineFilter } from './timelineView';

const PAGE = 200;

/** Shared by every action note with no item made from it, so its memoised line stays as it is. */
const NO_ITEMS: readonly ActionItem[] = [];

/**
 * Every event with who and when (hub time), newest first, narrowed by kind and person; a
 * long night shows a page at a time, and a series' repeated alerts as one line.
 */
export function TimelinePanel() {
  // All as of the next frame (useCutoverLater): worded in that frame's callback and drawn with
  // the step's row, instead of the event's task waiting for 200 lines to be worded and compared.
  const events = useCutoverLater((s) => s.events);
  // The array grows in place: the count says when it did.
  const eventCount = useCutoverLater((s) => s.eventCount);
  // Whole: every change to the state is an event this panel shows anyway, and its lines name
  // steps, members, polls, series, invites and messages.
  const state = useCutoverLater((s) => s.state);
  const role = useMyRole();
  const [shown, setShown] = useState(PAGE);
  const [filter, setFilter] = useState<TimelineFilter>(ALL);
  const seek = useCutoverLater((s) => s.seek);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const people = useMemo(() => timelinePeopleSoFar(events), [events, eventCount]);
  const matching = useMemo(() => filterEvents(events, filter), [events, eventCount, filter]);
  const rows = useMemo(() => timelineRows(matching.slice(-shown), state, tz), [matching, eventCount, shown, state, tz]);
  // A note of kind "action" becomes an item with an owner; a recorded night changes nothing.
  const replaying = useCutoverLater((s) => s.replayNow !== null);
  const mayAct = mayIssue(role, 'action.add') && !replaying;
  const items = useMemo(() => actionItems(state), [state]);
  const [making, setMaking] = useState<TimelineEntry | null>(null);
  const make = useCallback((entry: TimelineEntry) => setMaking(entry), []);
  const madeFrom = (entry: TimelineEntry): readonly ActionItem[] => {
    if (!entry.noteId || entry.tone !== 'action') return NO_ITEMS;
    const made = itemsFrom(items, { kind: 'note', noteId: entry.noteId });
    return made.length > 0 ? made : NO_ITEMS;
  };
  return (
    <section className="timeline" aria-label="Timeline">
      {mayIssue(role, 'note.add') && <NoteComposer />}
      <TimelineFilters filter={filter} people={people} onChange={setFilter} />
      {rows.length === 0 && <p className="hint">{events.length === 0 ? 'Nothing has happened yet.' : 'Nothing matches this filter.'}</p>}
      <ol className="timeline__list">
        {rows.map((r) =>
          r.group ? (
            <TimelineGroup key={r.group.key} group={r.group} timeZone={tz} seek={seek} />
          ) : (
            <TimelineLine key={r.entry.seq} entry={r.entry} timeZone={tz} seek={seek} made={madeFrom(r.entry)} mayAct={mayAct} onMake={make} />
          ),
        )}
      </ol>
      {matching.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          Show earlier ({matching.length - shown} more)
        </button>
      )}
      {making?.noteId && (
        <ActionItemDialog
          source={{ kind: 'note', noteId: making.noteId }}
          title={noteText(events, making.noteId)}
          intro={`From ${making.who}’s note at ${clockTime(making.at, tz)}. The owner is who will do it: a person or a role, not necessarily whoever raised it.`}
          onClose={() => setMaking(null)}
        />
      )}
    </section>
  );
}

type TimelineLineProps = {
  entry: TimelineEntry;
  timeZone: string;
  seek: ((at: number) => void) | null;
  /** Items made from this line's action note. */
  made: readonly ActionItem[];
  mayAct: boolean;
  onMake: (entry: TimelineEntry) => void;
};

/**
 * One line of the list, drawn again only when what it shows changed: each new event words the
 * page's 200 lines again (new objects, the same words), and redrawing all of them on every
 * step change was most of what a step change cost this panel.
 */
const TimelineLine = memo(function TimelineLine({ entry, timeZone, seek, made, mayAct, onMake }: TimelineLineProps) {
  // A note of kind "action" offers to become an action item, and lists those made from it.
  const action = entry.noteId !== undefined && entry.tone === 'action' && (made.length > 0 || mayAct);
  const extra = action ? (
    <>
      <MadeItems items={made} />
      {mayAct && (
        <button type="button" className="link" onClick={() => onMake(entry)}>
          {made.length ? 'Make another action item' : 'Make an action item'}
        </button>
      )}
    </>
  ) : undefined;
  return <TimelineItem entry={entry} timeZone={timeZone} seek={seek} extra={extra} />;
}, sameLine);

/** The same words for the same entry (every field of it), and the same everything else. */
function sameLine(a: TimelineLineProps, b: TimelineLineProps): boolean {
  return (
    sameEntry(a.entry, b.entry) &&
    a.timeZone === b.timeZone &&
    a.seek === b.seek &&
    a.mayAct === b.mayAct &&
    a.onMake === b.onMake &&
    a.made.length === b.made.length &&
    a.made.every((item, i) => item === b.made[i])
  );
}

function sameEntry(a: TimelineEntry, b: TimelineEntry): boolean {
  if (a === b) return true;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/** The note's own words (the timeline adds "(written …, delivered …)" to a late one). */
function noteText(events: readonly CutoverEvent[], noteId: string): string {
  for (const e of events) if (e.type === 'note.added' && e.payload.noteId === noteId) return e.payload.text;
  return '';
}

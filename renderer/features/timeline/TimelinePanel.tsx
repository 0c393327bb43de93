import { useMemo, useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { NoteComposer } from './NoteComposer';
import { TimelineFilters } from './TimelineFilters';
import { TimelineGroup } from './TimelineGroup';
import { TimelineItem } from './TimelineItem';
import { ALL, filterEvents, timelinePeople, timelineRows, type TimelineFilter } from './timelineView';

const PAGE = 200;

/**
 * Every event with who and when (hub time), newest first, narrowed by kind and person; a
 * long night shows a page at a time, and a series' repeated alerts as one line.
 */
export function TimelinePanel() {
  const events = useCutover((s) => s.events);
  // The array grows in place: the count says when it did.
  const eventCount = useCutover((s) => s.eventCount);
  // Whole: every change to the state is an event this panel shows anyway, and its lines name
  // steps, members, polls, series, invites and messages.
  const state = useCutover((s) => s.state);
  const role = useMyRole();
  const [shown, setShown] = useState(PAGE);
  const [filter, setFilter] = useState<TimelineFilter>(ALL);
  const seek = useCutover((s) => s.seek);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const people = useMemo(() => timelinePeople(events), [events, eventCount]);
  const matching = useMemo(() => filterEvents(events, filter), [events, eventCount, filter]);
  const rows = useMemo(() => timelineRows(matching.slice(-shown), state, tz), [matching, eventCount, shown, state, tz]);
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
            <TimelineItem key={r.entry.seq} entry={r.entry} timeZone={tz} seek={seek} />
          ),
        )}
      </ol>
      {matching.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          Show earlier ({matching.length - shown} more)
        </button>
      )}
    </section>
  );
}

import { useState } from 'react';
import { clockTime } from '../../lib/time';
import { TimelineItem } from './TimelineItem';
import type { EntryGroup } from './timelineView';

type TimelineGroupProps = { group: EntryGroup; timeZone: string; seek: ((at: number) => void) | null };

/** Entries that repeat (a series' alerts, a check's runs saying the same) as one line that opens to show each. */
export function TimelineGroup({ group, timeZone, seek }: TimelineGroupProps) {
  const [open, setOpen] = useState(false);
  const newest = group.entries[0]!;
  return (
    <li className={`tl tl--${group.tone} tl-group`} data-testid="timeline-group" data-of={group.of}>
      <time>{clockTime(group.at, timeZone, true)}</time>
      <span className="tl__who">{newest.who}</span>
      <button type="button" className="tl-group__toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">{open ? '\u25be' : '\u25b8'}</span> {group.text}
      </button>
      {open && (
        <ol className="timeline__list tl-group__entries">
          {group.entries.map((e) => (
            <TimelineItem key={e.seq} entry={e} timeZone={timeZone} seek={seek} />
          ))}
        </ol>
      )}
    </li>
  );
}

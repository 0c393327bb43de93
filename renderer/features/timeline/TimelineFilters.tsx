import { memo } from 'react';
import { TIMELINE_KINDS, type TimelineFilter } from './timelineView';

type TimelineFiltersProps = {
  filter: TimelineFilter;
  people: readonly { id: string; name: string }[];
  onChange: (f: TimelineFilter) => void;
};

const LABELS: Record<TimelineFilter['kind'], string> = {
  all: 'All',
  steps: 'Steps',
  decisions: 'Decisions',
  notes: 'Notes',
  alerts: 'Alerts',
  comms: 'Comms',
  other: 'Other',
};

/** Narrows the timeline to one kind of entry and one person. */
export const TimelineFilters = memo(function TimelineFilters({ filter, people, onChange }: TimelineFiltersProps) {
  return (
    <div className="tl-filters">
      <div className="tl-filters__kinds" role="group" aria-label="Show on the timeline">
        {(['all', ...TIMELINE_KINDS] as const).map((k) => (
          <button key={k} type="button" aria-pressed={filter.kind === k} onClick={() => onChange({ ...filter, kind: k })} data-testid={`tl-kind-${k}`}>
            {LABELS[k]}
          </button>
        ))}
      </div>
      <select aria-label="Person" value={filter.person} onChange={(e) => onChange({ ...filter, person: e.target.value })} data-testid="tl-person">
        <option value="all">Everyone</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
});

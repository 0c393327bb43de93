import { useEffect, useMemo, useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { SeriesList } from '../lagSetup';
import { lazyComponent, usePreloadWhenIdle } from '../../lib/lazyComponent';
import { useShownNow } from '../../lib/useNow';
import { LagStaleNote } from './LagStaleNote';
import { annotationsFrom } from './annotations';
import { LagSummary } from './LagSummary';
import { LAG_OPEN_KEY, lagOpenAtStart } from './lagSummary';
import { chartGroups, LAG_RANGES, type LagRange } from './lagView';

/**
 * The charts (recharts and d3, a third of the whole build) load when the panel is first
 * opened: it starts folded, and the lines above it need none of that code.
 */
const LagGroup = lazyComponent(() => import('./LagGroup').then((m) => m.LagGroup));

export type LagPanelProps = {
  defaultRange?: LagRange;
};

/**
 * The lag, above the runbook while the cutover has series: folded to a line per series
 * until opened, then one chart per series or group.
 */
export function LagPanel(props: LagPanelProps) {
  // Nothing else is read until there is a series: a night without any does not fold its whole
  // timeline into chart annotations, nor redraw this panel every second, at each step change.
  const any = useCutover((s) => s.state.seriesOrder.length > 0);
  return any ? <SeriesLag {...props} /> : null;
}

function SeriesLag({ defaultRange = '1h' }: LagPanelProps) {
  // There are series to chart: their code comes once the page is idle, before anyone opens the panel.
  usePreloadWhenIdle(LagGroup);
  const order = useCutover((s) => s.state.seriesOrder);
  const series = useCutover((s) => s.state.series);
  const events = useCutover((s) => s.events);
  // The array grows in place: the count says when it did.
  const eventCount = useCutover((s) => s.eventCount);
  const steps = useCutover((s) => s.state.steps);
  // Hub time, the moment a replay shows, or when the hub was lost: charts never draw past it.
  const now = useShownNow(1000);
  const [range, setRange] = useState<LagRange>(defaultRange);
  // Opened or folded, it stays so for this session (a reload included), not for the next night;
  // folded until then.
  const [open, setOpen] = useState(() => lagOpenAtStart(sessionStorage.getItem(LAG_OPEN_KEY), false));
  const [managing, setManaging] = useState(false);
  const role = useMyRole();
  const mayManage = mayIssue(role, 'series.define');
  const timeZone = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  useEffect(() => sessionStorage.setItem(LAG_OPEN_KEY, String(open)), [open]);

  const groups = useMemo(() => chartGroups(order, series), [order, series]);
  const annotations = useMemo(() => annotationsFrom(events, steps), [events, eventCount, steps]);
  if (order.length === 0) return null;

  return (
    <section className={`lag-panel${open ? '' : ' lag-panel--closed'}`} aria-label="Lag" data-testid="lag-panel">
      <div className="lag-panel__bar">
        <button
          type="button"
          className="lag-panel__toggle"
          aria-expanded={open}
          aria-controls="lag-panel-charts"
          title={open ? 'Fold to a line per series' : 'Show the charts'}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">{open ? '\u25be' : '\u25b8'}</span> Lag
          <span className="lag-panel__count">{order.length} series</span>
        </button>
        {open && (
          <div className="lag-panel__ranges" role="group" aria-label="Time range">
            {LAG_RANGES.map((r) => (
              <button key={r.id} type="button" aria-pressed={range === r.id} onClick={() => setRange(r.id)} data-testid={`lag-range-${r.id}`}>
                {r.label}
              </button>
            ))}
          </div>
        )}
        <LagStaleNote />
        {mayManage && (
          <button type="button" className="lag-panel__manage" aria-expanded={managing} onClick={() => setManaging((m) => !m)} data-testid="lag-manage">
            Series…
          </button>
        )}
      </div>
      {managing && <SeriesList />}
      {!open && <LagSummary order={order} now={now} timeZone={timeZone} />}
      {open && (
        <div className="lag-panel__charts" id="lag-panel-charts">
          {groups.map((g, i) => (
            <LagGroup key={g.key} ids={g.ids} title={g.title} range={range} now={now} phase={i / groups.length} annotations={annotations} />
          ))}
        </div>
      )}
    </section>
  );
}

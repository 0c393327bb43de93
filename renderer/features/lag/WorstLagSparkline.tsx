import { memo, useMemo } from 'react';
import { readingOf, readLive } from '@shared/comms';
import { formatValue } from '@shared/metrics';
import { useCutover } from '../../connection/cutoverStore';
import { useShownNow } from '../../lib/useNow';
import { levelShown, pickWorst, sparklinePoints, type LagLevel } from './lagStatus';
import { useLag } from '../../connection/lagStore';
import { lastAtOrBefore } from './lagView';
import { useForecasts } from './useForecasts';
import { clockTime } from '../../lib/time';
import { MIN } from '@shared/time';

const WIDTH = 96;
const HEIGHT = 26;
/** The sparkline shows the last half hour: enough to see the turn, small enough to read. */
const SPAN_MS = 30 * MIN;
const TONE: Record<LagLevel, string> = { normal: 'calm', warning: 'warn', critical: 'danger' };

/** In the header: the series nearest its critical line, as a tiny line and its value. */
export const WorstLagSparkline = memo(function WorstLagSparkline() {
  const order = useCutover((s) => s.state.seriesOrder);
  const series = useCutover((s) => s.state.series);
  const statuses = useCutover((s) => s.state.seriesStatus);
  const buffers = useLag((s) => s.buffers);
  const versions = useLag((s) => s.versions);
  const now = useShownNow(1000);
  const forecastOf = useForecasts();
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');

  const view = useMemo(() => {
    const latest = order.map((id) => {
      const b = buffers[id];
      const cols = b ? { t: b.times(), v: b.values() } : null;
      return { id, cols, last: cols ? lastAtOrBefore(cols, now) : null };
    });
    const id = pickWorst(
      latest.map((l) => ({ id: l.id, value: l.last?.v ?? null, warning: series[l.id]?.warning ?? null, critical: series[l.id]?.critical ?? null })),
    );
    const worst = latest.find((l) => l.id === id);
    const config = id ? series[id] : undefined;
    if (!worst?.cols || !worst.last || !config) return null;
    // The one figure people glance at: a source gone down, or readings that stopped, is said, not shown as live.
    const unread = !readLive(forecastOf(config.id, buffers[config.id], now) ?? {}, readingOf(buffers[config.id], statuses[config.id]));
    return {
      name: config.name,
      value: formatValue(worst.last.v, config.unit),
      unreadSince: unread ? clockTime(worst.last.t, tz) : null,
      level: levelShown(worst.last.v, config, statuses[config.id]),
      points: sparklinePoints(worst.cols, now - SPAN_MS, now, WIDTH, HEIGHT),
    };
    // `versions` stands for the buffers' contents, which grow in place.
  }, [order, series, statuses, buffers, versions, now, forecastOf, tz]);

  if (order.length === 0 || !view) return null;
  return (
    <div
      className={`chip chip--${view.unreadSince ? 'warn' : TONE[view.level]} lag-chip`}
      data-testid="hdr-lag"
      data-live={view.unreadSince ? 'no' : 'yes'}
      title={`${view.name}: the series nearest its critical line (last 30 min)${view.unreadSince ? `; not read since ${view.unreadSince}, so the figure is from then` : ''}`}
    >
      <span className="chip__label">Lag · {view.name}</span>
      <span className="lag-chip__body">
        <svg className={`lag-spark lag-spark--${view.level}`} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
          <polyline points={view.points} />
        </svg>
        <span className="chip__text">
          {view.value}
          {view.unreadSince && <small className="lag-chip__unread"> · not read since {view.unreadSince}</small>}
        </span>
      </span>
    </div>
  );
});

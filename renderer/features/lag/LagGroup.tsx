import { useRef } from 'react';
import { formatValue } from '@shared/metrics';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import type { Annotation } from './annotations';
import { CHART_MARGIN, LagChart, plotWidthOf } from './LagChart';
import { LagSeriesHeader } from './LagSeriesHeader';
import { forecastSentence, levelShown, sourceText } from './lagStatus';
import { lastAtOrBefore, type LagRange } from './lagView';
import { CHART_HEIGHT, useLagChart } from './useLagChart';
import { useElementWidth } from './useElementWidth';

export type LagGroupProps = {
  ids: readonly string[];
  /** The group's name when several series share the chart. */
  title: string | null;
  range: LagRange;
  now: number;
  /** 0..1: staggers this chart's redraw steps against the others' (see drawTime). */
  phase: number;
  /** Every annotation of the night; each chart picks those in its range. */
  annotations: readonly Annotation[];
};

/** One chart and the header lines of the series on it; the brush zooms it. */
export function LagGroup({ ids, title, range, now, phase, annotations }: LagGroupProps) {
  const statuses = useCutover((s) => s.state.seriesStatus);
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const c = useLagChart({ ids, range, now, phase, annotations, plotWidth: plotWidthOf(width) });
  const { series, timeZone, chart, zoomed } = c;
  const [d0, d1] = chart.domain;

  const unit = series[0]?.unit ?? 'count';
  return (
    <section className="lag-group" aria-label={title ?? series[0]?.name ?? 'Lag'}>
      {title && <h3 className="lag-group__title">{title}</h3>}
      {series.map((s, i) => {
        const cols = c.columns[i];
        const last = cols ? lastAtOrBefore(cols, now) : null;
        const f = c.forecasts[i] ?? null;
        return (
          <LagSeriesHeader
            key={s.id}
            seriesId={s.id}
            name={s.name}
            colour={series.length > 1 ? i : null}
            value={last ? formatValue(last.v, s.unit) : '\u2014'}
            level={levelShown(last?.v ?? null, s, statuses[s.id])}
            forecast={f ? forecastSentence(f, s.unit, timeZone, last?.v) : 'no readings yet'}
            source={sourceText(statuses[s.id], timeZone)}
            points={chart.drawn[i]?.t.length ?? 0}
            demo={s.source.kind === 'simulated'}
          />
        );
      })}
      {zoomed && (
        <p className="lag-group__zoom">
          Zoomed to {clockTime(d0, timeZone)}–{zoomed.to === null ? 'now' : clockTime(d1, timeZone)}{' '}
          <button type="button" className="link" onClick={c.showWhole}>
            Show the whole range
          </button>
        </p>
      )}
      <div className="lag-group__chart" ref={ref}>
        {width > 0 && (
          <LagChart
            testId={`lag-chart-${ids[0] ?? ''}`}
            lines={c.lines}
            lineData={chart.lineData}
            projections={chart.projections}
            unit={unit}
            span={chart.span}
            domain={chart.domain}
            xTicks={c.xTicks}
            yTop={chart.yTop}
            yTicks={c.yTicks}
            bands={c.bands}
            annotations={c.placed}
            brush={chart.brush}
            onBrush={c.onBrush}
            width={width}
            height={CHART_HEIGHT + CHART_MARGIN.top}
            timeZone={timeZone}
            pointCount={chart.pointCount}
          />
        )}
      </div>
    </section>
  );
}

import { useMemo } from 'react';
import type { CutoverState } from '@shared/cutover';
import { plannedVsActual } from '@shared/postmortem';
import { HOUR, MIN } from '@shared/time';
import { clockTime } from '../../lib/time';

type GanttPanelProps = { state: CutoverState };

const ROW = 26;
const LABEL = 300;
const WIDTH = 1100;

/**
 * Each step's planned bar beside its actual bar, the slip, the critical path, and the
 * measured outage windows: the "30 minutes became 45" of seed 000, drawn.
 */
export function GanttPanel({ state }: GanttPanelProps) {
  const pva = useMemo(() => plannedVsActual(state), [state]);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const times = pva.steps.flatMap((s) => [s.plannedStart, s.plannedEnd, s.actualStart ?? s.plannedStart, s.actualEnd ?? s.plannedEnd]);
  if (times.length === 0) return <p className="hint">This night had no steps.</p>;
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + MIN);
  const x = (t: number) => LABEL + ((t - t0) / (t1 - t0)) * (WIDTH - LABEL - 10);
  const hours: number[] = [];
  for (let h = Math.ceil(t0 / HOUR) * HOUR; h <= t1; h += HOUR) hours.push(h);
  const height = pva.steps.length * ROW + 30;

  return (
    <section className="gantt" aria-label="Planned against actual">
      {pva.outages.length > 0 && (
        <table className="gantt__outages">
          <thead>
            <tr>
              <th>Outage</th>
              <th>Planned</th>
              <th>Actual</th>
            </tr>
          </thead>
          <tbody>
            {pva.outages.map((o) => (
              <tr key={o.name} data-outage={o.name}>
                <td>{o.name}</td>
                <td>{o.plannedMin === null ? 'none planned' : `${Math.round(o.plannedMin)} min`}</td>
                <td className={o.actualMin !== null && (o.plannedMin === null || o.actualMin > o.plannedMin) ? 'slip--danger' : ''}>
                  {o.actualMin === null ? 'not measured' : `${Math.round(o.actualMin)} min${o.endedByRollbackStepId ? ' (ended by the rollback)' : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <svg className="gantt__chart" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label="Gantt chart: planned and actual bars per step">
        {hours.map((h) => (
          <g key={h}>
            <line className="gantt__tick" x1={x(h)} x2={x(h)} y1={0} y2={height} />
            <text className="gantt__time" x={x(h) + 3} y={12}>
              {clockTime(h, tz)}
            </text>
          </g>
        ))}
        {pva.steps.map((s, i) => {
          const y = 20 + i * ROW;
          return (
            <g key={s.stepId} className={s.critical ? 'gantt__row gantt__row--critical' : 'gantt__row'} data-step-id={s.stepId}>
              <text className="gantt__label" x={4} y={y + 15}>
                {s.title.length > 38 ? `${s.title.slice(0, 37)}…` : s.title}
              </text>
              <rect className="gantt__planned" x={x(s.plannedStart)} y={y + 2} width={Math.max(2, x(s.plannedEnd) - x(s.plannedStart))} height={8} />
              {s.actualStart !== null && (
                <rect
                  className={`gantt__actual gantt__actual--${s.status}`}
                  x={x(s.actualStart)}
                  y={y + 11}
                  width={Math.max(2, x(s.actualEnd ?? s.actualStart) - x(s.actualStart))}
                  height={10}
                />
              )}
              {s.slipMin !== null && Math.round(s.slipMin) !== 0 && (
                <text
                  className={s.slipMin > 0 ? 'gantt__slip gantt__slip--late' : 'gantt__slip'}
                  x={Math.max(x(s.plannedEnd), x(s.actualEnd ?? s.plannedEnd)) + 4}
                  y={y + 19}
                >
                  {s.slipMin > 0 ? '+' : ''}
                  {Math.round(s.slipMin)}m
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="hint">Outlined: planned. Filled: actual. Bold rows: the critical path that set the end of the night.</p>
      <table className="gantt__phases">
        <thead>
          <tr>
            <th>Phase</th>
            <th>Planned end</th>
            <th>Actual end</th>
            <th>Slip</th>
          </tr>
        </thead>
        <tbody>
          {pva.phases.map((p) => (
            <tr key={p.phaseId}>
              <td>{p.title}</td>
              <td>{clockTime(p.plannedEnd, tz)}</td>
              <td>{p.skipped ? 'skipped' : p.actualEnd === null ? '–' : clockTime(p.actualEnd, tz)}</td>
              <td>{p.slipMin === null ? '–' : `${p.slipMin > 0 ? '+' : ''}${Math.round(p.slipMin)} min`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

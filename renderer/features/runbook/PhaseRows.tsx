import { memo } from 'react';
import { ROLLBACK_PHASE_ID } from '@shared/polls';
import { NO_ITEMS, samePhaseRows, type PhaseRowsProps } from './phaseRowsProps';
import { StepRow } from './StepRow';

/**
 * One phase of the runbook: its title, progress and rows. Drawn again only when something it
 * shows changed. An event moves one step, and the projected times of the steps after it in its
 * phase; the runbook's view of the night is made anew each time, so without this every one of
 * the 200 rows was compared by React, twice per event (the row's task, then the next frame's
 * projection), to find the few that changed.
 */
export const PhaseRows = memo(function PhaseRows(p: PhaseRowsProps) {
  const { phase } = p;
  return (
    <section className="phase phase--rows" aria-label={phase.title}>
      <h2 className="phase__title">
        {phase.title}
        <span className="phase__progress">
          {phase.done}/{phase.total}
        </span>
        {phase.slipMin > 0 && <span className={`slip slip--${phase.slipMin >= 10 ? 'danger' : 'warn'}`}>+{phase.slipMin}m</span>}
      </h2>
      {phase.rows.length === 0 ? (
        <p className="hint">No steps of yours in this phase.</p>
      ) : (
        <ol className="steps">
          {phase.rows.map((r) => (
            <StepRow
              key={r.step.id}
              step={r.step}
              planned={r.planned}
              actual={r.actual}
              slipMin={r.slipMin}
              waitingOn={r.waitingOn.join(', ')}
              isNow={r.isNow}
              isMine={r.isMine}
              mayWork={r.mayWork}
              ponrClosed={r.ponrClosed}
              ponrAhead={r.ponrAhead}
              hasChecks={p.checked.has(r.step.id)}
              checksFail={p.unverified.has(r.step.id)}
              quiet={p.rollingBack && r.step.phaseId !== ROLLBACK_PHASE_ID}
              mayOverride={p.mayOverride}
              selected={p.selected === r.step.id}
              sending={p.sendingFor.has(r.step.id)}
              may={p.may}
              running={p.running}
              made={p.madeFrom.get(r.step.id) ?? NO_ITEMS}
              onAction={p.onAction}
              onSelect={p.onSelect}
            />
          ))}
        </ol>
      )}
    </section>
  );
}, samePhaseRows);

import { useMemo } from 'react';
import { useScheduleOf } from '../../connection/useSchedule';
import { NIGHT_FIELDS, useStateForLater } from '../../connection/useStateFor';
import { useShownNow } from '../../lib/useNow';
import { Chip } from '../../ui/Chip';
import { WorstLagSparkline } from '../lag';
import { DrainChip } from './DrainChip';
import { headerView } from './headerView';
import { HubChip } from './HubChip';
import { StaleChip } from './StaleChip';

/**
 * Always on screen, in one row so the runbook keeps the room: the night's state (on hold,
 * rolling back), the window, T+, how late, the projected end, the point of no return or the
 * rollback's progress, failed steps, and the worst lag.
 */
export function CutoverHeader() {
  // The schedule, the night's phase and the title: comms, messages and invites do not redraw it.
  // As of the next frame (useCutoverLater): drawn with the step's row, not in the event's task.
  const state = useStateForLater(NIGHT_FIELDS);
  // While the hub is away the figures stay as they last were, and the stale chip says when.
  const now = useShownNow();
  // The schedule as the runbook, the banners and the now line project it, at the quarter-minute
  // clock: one projection of the night on the screen, so the header's point of no return and
  // the banner's pass it in the same frame (a time-based one read passed in the header up to
  // 15 s before the banner said so), and the header does not project all the steps again every
  // second (its figures are whole minutes). The countdowns and T+ keep the second.
  const projectedAt = useShownNow(15_000);
  const schedule = useScheduleOf(state, projectedAt);
  const view = useMemo(() => headerView(state, schedule, now), [state, schedule, now]);
  if (!view || !state.info) return null;
  return (
    <header className={`cutover-header cutover-header--${view.phase}`}>
      <div className="cutover-header__title">
        <h1 title={state.info.title}>{state.info.title}</h1>
        <span className={`status-badge status-badge--${view.phase}`} data-testid="cutover-status" title={view.statusTitle}>
          {view.statusWord}
        </span>
        {state.info.isRehearsal && <span className="status-badge status-badge--rehearsal">rehearsal</span>}
      </div>
      <div className="cutover-header__chips">
        <StaleChip />
        <HubChip />
        <Chip label="Window" text={view.short.window} tone="calm" testId="hdr-window" title={`Window ${view.windowText} · ${view.windowCountdown}`} />
        {view.tPlus && <Chip label="Elapsed" text={view.tPlus} tone="calm" testId="hdr-tplus" quiet />}
        <Chip label="Schedule" text={view.schedule.text} tone={view.schedule.tone} testId="hdr-schedule" quiet />
        <Chip label="End" text={view.short.end} tone={view.projectedEnd.tone} testId="hdr-end" title={view.projectedEnd.text} />
        {view.rollback && <Chip label="Rollback" text={view.rollback.text} tone={view.rollback.tone} testId="hdr-rollback" />}
        {view.ponr && (
          <Chip
            label="No return"
            text={view.short.ponr?.key ?? view.ponr.text}
            more={view.short.ponr?.step}
            tone={view.ponr.tone}
            testId="hdr-ponr"
            title={view.ponr.text}
            shrink
          />
        )}
        {view.failed && <Chip label="Failed" text={view.failed.text} tone="danger" testId="hdr-failed" title={view.failed.title} shrink />}
        <DrainChip />
        <WorstLagSparkline />
      </div>
    </header>
  );
}

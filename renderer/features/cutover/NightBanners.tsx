import { useMemo } from 'react';
import { nightState } from '@shared/cutover/nightState';
import { useScheduleOf } from '../../connection/useSchedule';
import { NIGHT_FIELDS, useStateForLater } from '../../connection/useStateFor';
import { clockTime } from '../../lib/time';
import { useShownNow } from '../../lib/useNow';
import { NowLine } from '../header';

/**
 * What the runbook must say plainly: rollback is under way (until the lead records the
 * outcome), or there is no way back now; then what is running.
 */
export function NightBanners() {
  // The rollback and the point of no return: the plan and how the night went, nothing else.
  // As of the next frame, like the header (useCutoverLater): drawn with the runbook's rows.
  const state = useStateForLater(NIGHT_FIELDS);
  const now = useShownNow(15_000);
  const schedule = useScheduleOf(state, now);
  const night = useMemo(() => nightState(state), [state]);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const ponr = state.status === 'in_progress' && !night.rollback ? schedule.pointOfNoReturn : null;
  return (
    <>
      {night.rollback && (
        <div className="night-banner night-banner--rollback" role="alert" data-testid="rollback-banner">
          ROLLBACK under way since {clockTime(night.rollback.since, tz)}
          {night.rollback.by && `: decided by ${night.rollback.by}${night.rollback.rationale ? ` (${night.rollback.rationale})` : ''}`}.{' '}
          {`Work the Rollback phase from the top: ${night.rollback.done} of ${night.rollback.total} done.`}
        </div>
      )}
      {ponr?.passed && (
        <div className="night-banner night-banner--ponr" role="status" data-testid="ponr-banner">
          Past the point of no return: {ponr.stepId ? `“${state.steps[ponr.stepId]?.title ?? ''}” has started` : `it is past ${clockTime(ponr.at, tz)}`}. The
          way out now is forward.
        </div>
      )}
      <NowLine />
    </>
  );
}

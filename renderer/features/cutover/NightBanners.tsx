import { projectSchedule } from '../../../shared/schedule';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { useHubNow } from '../../lib/useNow';

/** What the runbook must say plainly: rollback is under way, or there is no way back now. */
export function NightBanners() {
  const state = useCutover((s) => s.state);
  const now = useHubNow(15_000);
  const tz = state.info?.window.timeZone ?? 'UTC';
  if (state.rollback) {
    const d = state.decisions.find((x) => x.id === state.rollback!.decisionId);
    return (
      <div className="night-banner night-banner--rollback" role="alert" data-testid="rollback-banner">
        ROLLBACK under way since {clockTime(state.rollback.startedAt, tz)}
        {d && `: decided by ${d.by.name} (${d.rationale})`}. Work the Rollback phase from the top.
      </div>
    );
  }
  if (state.status !== 'in_progress') return null;
  const ponr = projectSchedule(state, now).pointOfNoReturn;
  if (!ponr?.passed) return null;
  const what = ponr.stepId ? `“${state.steps[ponr.stepId]?.title ?? ''}” has started` : `it is past ${clockTime(ponr.at, tz)}`;
  return (
    <div className="night-banner night-banner--ponr" role="status" data-testid="ponr-banner">
      Past the point of no return: {what}. The way out now is forward.
    </div>
  );
}

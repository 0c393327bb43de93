import { checkOf } from '@shared/checks';
import { useCutover } from '../../connection/cutoverStore';
import { useHubNow } from '../../lib/useNow';
import { checkLineOf } from './checksView';

/** A condition or a step's check, live: met or not, the evidence, since when. */
export function CheckStatus({ checkId }: { checkId: string }) {
  const check = useCutover((s) => checkOf(s.state, checkId));
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const now = useHubNow(5_000);
  const line = checkLineOf(check, tz, now);
  return (
    <span className={`check-status check-status--${line.tone}`} data-testid="check-status" data-tone={line.tone}>
      <strong>{line.verdict}</strong>
      {line.evidence && <span className="check-status__evidence"> · {line.evidence}</span>}
      {line.since && <small className="hint"> · {line.since}</small>}
    </span>
  );
}

import { useMemo } from 'react';
import { projectSchedule } from '../../../shared/schedule';
import { useCutover } from '../../connection/cutoverStore';
import { useHubNow } from '../../lib/useNow';
import { WorstLagSparkline } from '../lag/WorstLagSparkline';
import { headerView, type Tone } from './headerView';

type ChipProps = { label: string; text: string; tone: Tone; testId: string };

function Chip({ label, text, tone, testId }: ChipProps) {
  return (
    <div className={`chip chip--${tone}`} data-testid={testId}>
      <span className="chip__label">{label}</span>
      <span className="chip__text">{text}</span>
    </div>
  );
}

/** Always on screen: the window, T+, how late, the projected end and the point of no return. */
export function CutoverHeader() {
  const state = useCutover((s) => s.state);
  const now = useHubNow();
  const view = useMemo(() => headerView(state, projectSchedule(state, now), now), [state, now]);
  if (!view || !state.info) return null;
  return (
    <header className="cutover-header">
      <div className="cutover-header__title">
        <h1>{state.info.title}</h1>
        <span className={`status-badge status-badge--${state.status}`} data-testid="cutover-status">
          {view.statusWord}
        </span>
        {state.info.isRehearsal && <span className="status-badge status-badge--rehearsal">rehearsal</span>}
      </div>
      <div className="cutover-header__chips">
        <Chip label="Window" text={`${view.windowText} · ${view.windowCountdown}`} tone="calm" testId="hdr-window" />
        {view.tPlus && <Chip label="Elapsed" text={view.tPlus} tone="calm" testId="hdr-tplus" />}
        <Chip label="Schedule" text={view.schedule.text} tone={view.schedule.tone} testId="hdr-schedule" />
        <Chip label="End" text={view.projectedEnd.text} tone={view.projectedEnd.tone} testId="hdr-end" />
        {view.ponr && <Chip label="No return" text={view.ponr.text} tone={view.ponr.tone} testId="hdr-ponr" />}
        <WorstLagSparkline />
      </div>
    </header>
  );
}

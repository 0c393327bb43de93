import { useMemo } from 'react';
import { NIGHT_FIELDS, useStateForLater } from '../../connection/useStateFor';
import { useShownNow } from '../../lib/useNow';
import { nowView } from './nowView';

/** Brings a step's row into view; the runbook scrolls inside its own column. */
function showStep(stepId: string) {
  document.querySelector(`[data-step-id="${CSS.escape(stepId)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/** What is running now, named in one line above the lag and the runbook; a click shows its row. */
export function NowLine() {
  // nowView reads the running steps and T0: a message or an invite does not move it. As of
  // the next frame (useCutoverLater): drawn with the step's row, not in the event's task.
  const state = useStateForLater(NIGHT_FIELDS);
  const now = useShownNow(15_000);
  const view = useMemo(() => nowView(state, now), [state, now]);
  if (!view) return null;
  return (
    // Not a live region: its timing moves every minute, and a screen reader would say so each time.
    <section className="now-line" aria-label={`${view.label} in the runbook`} data-testid="now-line">
      <span className="now-line__label">{view.label}</span>
      {view.items.map((i) => (
        <button
          key={i.stepId}
          type="button"
          className="now-line__step"
          data-now-step={i.stepId}
          onClick={() => showStep(i.stepId)}
          title={`Show “${i.title}” in the runbook`}
        >
          <span className="now-line__title">{i.title}</span>
          {i.owner && <span className="now-line__owner">{i.owner}</span>}
          <span className={`now-line__timing${i.over ? ' now-line__timing--over' : ''}`}>{i.timing}</span>
          {i.undoes && <span className="now-line__undoes">{i.undoes}</span>}
        </button>
      ))}
      {view.more > 0 && <span className="now-line__more">and {view.more} more</span>}
    </section>
  );
}

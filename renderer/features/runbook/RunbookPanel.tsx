import { useCallback, useEffect, useMemo, useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { projectSchedule } from '@shared/schedule';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { NIGHT_FIELDS, useStateFor } from '../../connection/useStateFor';
import { useHubNow } from '../../lib/useNow';
import { isTyping } from '../../lib/keys';
import { NotificationPermission } from '../notifications';
import { ReasonPrompt } from '../../ui/ReasonPrompt';
import { mayOverride, runbookView, visibleStepIds, type StepRowModel } from './runbookView';
import { StepRow } from './StepRow';
import { availableActions } from './stepActions';
import { useStepCommands } from './useStepCommands';

/** The schedule's fields and the members (whose steps are mine, who may override). */
const RUNBOOK_FIELDS = [...NIGHT_FIELDS, 'members'] as const;

/** The runbook by phase, with keyboard control: ↑/↓ or j/k move, Enter advances, s/f/b/x ask why. */
export function RunbookPanel() {
  const state = useStateFor(RUNBOOK_FIELDS);
  const member = useCutover((s) => s.member);
  const pending = useCutover((s) => s.pending);
  // Slip and projected times change by the minute; a finer tick would redraw for nothing.
  const now = useHubNow(15_000);
  const [onlyMine, setOnlyMine] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const { act, prompt, closePrompt } = useStepCommands();

  const phases = useMemo(() => runbookView(state, projectSchedule(state, now), member, onlyMine), [state, now, member, onlyMine]);
  const order = useMemo(() => visibleStepIds(phases), [phases]);
  const sendingFor = useMemo(() => new Set(pending.map((c) => (c.payload as { stepId?: string } | null)?.stepId).filter(Boolean)), [pending]);
  const role = useMyRole();
  // One object per role, so memoised rows are not redrawn for a new but equal one.
  const may = useMemo(() => ({ operate: mayIssue(role, 'step.start'), lead: mayIssue(role, 'step.reopen'), note: mayIssue(role, 'step.note') }), [role]);
  const running = state.status === 'in_progress';
  const overrides = mayOverride(state, member);

  const select = useCallback((id: string) => setSelected(id), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || prompt || e.metaKey || e.ctrlKey || e.altKey) return;
      const idx = selected ? order.indexOf(selected) : -1;
      const move = (d: number) => {
        const next = order[Math.max(0, Math.min(order.length - 1, idx + d))];
        if (next) {
          setSelected(next);
          document.querySelector(`[data-step-id="${CSS.escape(next)}"]`)?.scrollIntoView({ block: 'nearest' });
        }
        e.preventDefault();
      };
      if (e.key === 'ArrowDown' || e.key === 'j') return move(1);
      if (e.key === 'ArrowUp' || e.key === 'k') return move(-1);
      if (e.key === 'm') return setOnlyMine((v) => !v);
      const step = selected ? state.steps[selected] : undefined;
      if (!step) return;
      const row = phases.flatMap((p) => p.rows).find((r) => r.step.id === step.id);
      if (!row) return;
      const offered = rowActions(row, may, running, overrides);
      const keyed = {
        Enter: offered.includes('start') ? 'start' : offered.includes('complete') ? 'complete' : null,
        s: 'skip',
        f: 'fail',
        b: 'block',
        x: 'reopen',
        e: 'note',
      } as const;
      const action = keyed[e.key as keyof typeof keyed];
      if (action && offered.includes(action)) {
        e.preventDefault();
        act(step.id, action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [order, selected, prompt, state.steps, phases, may, running, overrides, act]);

  if (state.phases.length === 0) {
    return (
      <section className="runbook runbook--empty">
        <p>This runbook has no steps yet.</p>
      </section>
    );
  }
  return (
    <section className="runbook" aria-label="Runbook">
      <div className="runbook__toolbar">
        <label className="toggle">
          <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} /> My steps
          {member?.station ? ` (${member.station})` : ''}
        </label>
        <NotificationPermission />
        {!running && (
          <span className="hint">
            {state.status === 'draft' || state.status === 'scheduled'
              ? 'The lead starts the night to begin the runbook.'
              : `The cutover is ${state.status.replace('_', ' ')}.`}
          </span>
        )}
      </div>
      {phases.map((phase) => (
        <section key={phase.id} className="phase" aria-label={phase.title}>
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
                  mayOverride={overrides}
                  selected={selected === r.step.id}
                  sending={sendingFor.has(r.step.id)}
                  may={may}
                  running={running}
                  onAction={act}
                  onSelect={select}
                />
              ))}
            </ol>
          )}
        </section>
      ))}
      {prompt && <ReasonPrompt request={prompt} onClose={closePrompt} />}
    </section>
  );
}

/** What a row offers this person: the keyboard and the buttons read the same list. */
export function rowActions(r: StepRowModel, may: { lead: boolean; note: boolean }, running: boolean, overrides: boolean) {
  return availableActions(r.step, r.waitingOn.length > 0, { ...may, operate: r.mayWork }, running, { closed: r.ponrClosed !== null, mayOverride: overrides });
}

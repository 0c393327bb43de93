import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ActionItem } from '@shared/actions';
import { checkList, passesNow } from '@shared/checks';
import { isEnded, mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { useScheduleOf } from '../../connection/useSchedule';
import { NIGHT_FIELDS, useStateFor, useStateForLater } from '../../connection/useStateFor';
import { useShownNow } from '../../lib/useNow';
import { isPageKey } from '../../lib/keys';
import { useSoonAfterDialog } from '../../lib/useSoonAfterDialog';
import { lazyComponent, usePreloadWhenIdle } from '../../lib/lazyComponent';
import { ActionItemDialog } from '../actions';
import { NotificationPermission } from '../notifications';
import { ReasonPrompt } from '../../ui/ReasonPrompt';
import { mayOverride, runbookView, visibleStepIds, type StepRowModel } from './runbookView';
import { PhaseRows } from './PhaseRows';
import { availableActions } from './stepActions';
import { useStepCommands } from './useStepCommands';

/** The lead's editing of the plan (the plan's checks, YAML and all) loads when it is first opened. */
const RunbookEditor = lazyComponent(() => import('./RunbookEditor').then((m) => m.RunbookEditor));

/** The schedule's fields and the members (whose steps are mine, who may override). */
const RUNBOOK_FIELDS = [...NIGHT_FIELDS, 'members'] as const;

/** Two Enters closer than this, nothing pressed between, are one slip, not a start and a Done. */
const DOUBLE_PRESS_MS = 500;

/** The runbook by phase, with keyboard control: ↑/↓ or j/k move, Enter advances, s/f/b/x ask why. */
export function RunbookPanel() {
  const state = useStateFor(RUNBOOK_FIELDS);
  const member = useCutover((s) => s.member);
  const pending = useCutover((s) => s.pending);
  // A recorded night has nobody's steps and nothing to notify of: those controls are for the live night.
  const replaying = useCutover((s) => s.replayNow !== null);
  // Slip and projected times change by the minute; a finer tick would redraw for nothing.
  const now = useShownNow(15_000);
  // Projected as of the next frame, as the header's is: the event's task draws a step's new
  // status in its row alone, and the times it moves (its own and every step after it) follow
  // in the next frame's callback, drawn in that same frame, so the task does not wait for 200
  // steps to be projected again. Not when the plan itself changed since (the night's first
  // drawing, a step added or moved): that projection lacks the new rows, which would be drawn
  // without times.
  const drawn = useStateForLater(NIGHT_FIELDS);
  const schedule = useScheduleOf(drawn.phases === state.phases ? drawn : state, now);
  const [onlyMine, setOnlyMine] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  // The lead's editing of the plan, in place of the rows (the keys below stay off meanwhile).
  const [editingPlan, setEditingPlan] = useState(false);
  // A note being written on a step can become an action item instead (the Note… prompt offers it).
  const [itemFor, setItemFor] = useState<{ stepId: string; title: string } | null>(null);
  const mayMakeItems = mayIssue(useMyRole(), 'action.add') && !replaying;
  const makeItem = useCallback((stepId: string, title: string) => setItemFor({ stepId, title }), []);
  const { act, prompt, closePrompt } = useStepCommands(mayMakeItems ? makeItem : undefined);

  const phases = useMemo(() => runbookView(state, schedule, member, onlyMine, now), [state, schedule, member, onlyMine, now]);
  const order = useMemo(() => visibleStepIds(phases), [phases]);
  const sendingFor = useMemo(() => new Set(pending.flatMap((c) => (c.payload as { stepId?: string } | null)?.stepId ?? [])), [pending]);
  const role = useMyRole();
  // One object per role, so memoised rows are not redrawn for a new but equal one.
  const may = useMemo(() => ({ operate: mayIssue(role, 'step.start'), lead: mayIssue(role, 'step.reopen'), note: mayIssue(role, 'step.note') }), [role]);
  // Action items made from a step, shown under it.
  const actions = useCutover((s) => s.state.actions);
  const actionOrder = useCutover((s) => s.state.actionOrder);
  const madeFrom = useMemo(() => {
    const by = new Map<string, ActionItem[]>();
    for (const id of actionOrder ?? []) {
      const item = actions?.[id];
      if (item?.source.kind === 'step') by.set(item.source.stepId, [...(by.get(item.source.stepId) ?? []), item]);
    }
    return by;
  }, [actions, actionOrder]);
  // The steps that have checks: only their rows draw the check list, which reads the store
  // itself (200 rows each watching the checks made every event cost 200 more selector calls).
  const checks = useCutover((s) => s.state.checks);
  const checkOrder = useCutover((s) => s.state.checkOrder);
  // And those with one that does not pass, which the hub will not take a plain Done for.
  const { checked, unverified } = useMemo(() => {
    const bound = checkList({ checks, checkOrder }).filter((c) => c.config.step);
    return {
      checked: new Set(bound.map((c) => c.config.step!.stepId)),
      // A pass read too long ago counts as none: the hub asks for the check to be read again (passesNow).
      unverified: new Set(bound.filter((c) => !passesNow(c, now)).map((c) => c.config.step!.stepId)),
    };
  }, [checks, checkOrder, now]);
  const running = state.status === 'in_progress';
  const overrides = mayOverride(state, member);

  const select = useCallback((id: string) => setSelected(id), []);
  usePreloadWhenIdle(mayIssue(role, 'step.edit') && RunbookEditor);
  const soonAfterDialog = useSoonAfterDialog();

  // The Enter that just started a step, until the next key: see DOUBLE_PRESS_MS.
  const startedByEnter = useRef<{ stepId: string; at: number } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const started = startedByEnter.current;
      startedByEnter.current = null;
      if (!isPageKey(e) || prompt || itemFor || editingPlan) return;
      const idx = selected ? order.indexOf(selected) : -1;
      const move = (d: number) => {
        const next = order[Math.max(0, Math.min(order.length - 1, idx + d))];
        if (next) {
          setSelected(next);
          document.querySelector(`[data-step-id="${CSS.escape(next)}"]`)?.scrollIntoView({ block: 'nearest' });
        }
        // The selection has the keyboard now: a button focused before (a row's, by a click)
        // would take the Enter meant for the selected step.
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        e.preventDefault();
      };
      if (e.key === 'ArrowDown' || e.key === 'j') return move(1);
      if (e.key === 'ArrowUp' || e.key === 'k') return move(-1);
      if (e.key === 'm') return setOnlyMine((v) => !v);
      const step = selected ? state.steps[selected] : undefined;
      if (!step) return;
      const row = phases.flatMap((p) => p.rows).find((r) => r.step.id === step.id);
      if (!row) return;
      const offered = rowActions(row, may, running, overrides, unverified.has(step.id));
      const keyed = {
        Enter: offered.includes('start') ? 'start' : offered.includes('complete') ? 'complete' : null,
        s: 'skip',
        f: 'fail',
        b: 'block',
        x: 'reopen',
        e: 'note',
      } as const;
      const action = keyed[e.key as keyof typeof keyed];
      if (!action || !offered.includes(action)) return;
      e.preventDefault();
      // The selection scrolled out of sight acts on nothing: the key shows it again first, and
      // the next press acts, on a step the person can see.
      const rowEl = document.querySelector(`[data-step-id="${CSS.escape(step.id)}"]`);
      if (rowEl && !onScreen(rowEl)) return rowEl.scrollIntoView({ block: 'nearest' });
      // One deliberate press, one action. Not a key held down (Enter would start the step
      // and, once the start was in, complete it), nor one while the step's last command is
      // still on its way (the row shows what it was, not yet what it will be), nor the second
      // of a double press whose first a dialog took.
      if (e.repeat || sendingFor.has(step.id) || soonAfterDialog(e)) return;
      // Nor the second Enter of a double press: on a near hub the start is in before it lands,
      // and it completed the step it had just started, 0 ms into its work.
      if (action === 'complete' && started?.stepId === step.id && e.timeStamp - started.at < DOUBLE_PRESS_MS) return;
      act(step.id, action);
      if (action === 'start' && e.key === 'Enter') startedByEnter.current = { stepId: step.id, at: e.timeStamp };
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [order, selected, prompt, itemFor, editingPlan, state.steps, phases, may, running, overrides, act, unverified, sendingFor, soonAfterDialog]);

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
        {!replaying && (
          <label className="toggle">
            <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} /> My steps
            {member?.station ? ` (${member.station})` : ''}
          </label>
        )}
        {!replaying && <NotificationPermission />}
        {mayIssue(role, 'step.edit') && !isEnded(state.status) && (
          <button type="button" aria-pressed={editingPlan} onClick={() => setEditingPlan((v) => !v)}>
            {editingPlan ? 'Done editing' : 'Edit runbook'}
          </button>
        )}
        {!running && (
          <span className="hint">
            {state.status === 'draft' || state.status === 'scheduled'
              ? 'The lead starts the night to begin the runbook.'
              : `The cutover is ${state.status.replace('_', ' ')}.`}
          </span>
        )}
      </div>
      {editingPlan && !isEnded(state.status) && <RunbookEditor state={state} />}
      {!(editingPlan && !isEnded(state.status)) &&
        phases.map((phase) => (
          <PhaseRows
            key={phase.id}
            phase={phase}
            selected={selected !== null && phase.rows.some((r) => r.step.id === selected) ? selected : null}
            checked={checked}
            unverified={unverified}
            sendingFor={sendingFor}
            madeFrom={madeFrom}
            rollingBack={state.rollback !== null}
            mayOverride={overrides}
            may={may}
            running={running}
            onAction={act}
            onSelect={select}
          />
        ))}
      {prompt && <ReasonPrompt request={prompt} onClose={closePrompt} />}
      {itemFor && (
        <ActionItemDialog
          source={{ kind: 'step', stepId: itemFor.stepId }}
          title={itemFor.title}
          intro={`From the step “${state.steps[itemFor.stepId]?.title ?? itemFor.stepId}”. The owner is who will do it: a person or a role.`}
          onClose={() => setItemFor(null)}
        />
      )}
    </section>
  );
}

/** Rows shorter than this count as seen when wholly on screen; taller ones when this much of them is. */
const SEEN_PX = 16;

/** Whether enough of an element to see it is on screen: inside the window and every box that clips it. */
function onScreen(el: Element): boolean {
  const rect = el.getBoundingClientRect();
  let top = Math.max(rect.top, 0);
  let bottom = Math.min(rect.bottom, window.innerHeight);
  for (let box = el.parentElement; box && bottom > top; box = box.parentElement) {
    if (getComputedStyle(box).overflowY === 'visible') continue;
    const clip = box.getBoundingClientRect();
    top = Math.max(top, clip.top);
    bottom = Math.min(bottom, clip.bottom);
  }
  return bottom - top >= Math.min(SEEN_PX, rect.height);
}

/** What a row offers this person: the keyboard and the buttons read the same list. */
export function rowActions(r: StepRowModel, may: { lead: boolean; note: boolean }, running: boolean, overrides: boolean, checksFail: boolean) {
  return availableActions(
    r.step,
    r.waitingOn.length > 0,
    { ...may, operate: r.mayWork },
    running,
    { closed: r.ponrClosed !== null, mayOverride: overrides, ahead: r.ponrAhead !== null },
    checksFail,
  );
}

import { useMemo, useState } from 'react';
import { checkOf, stepGuardedBy } from '@shared/checks';
import { mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { ReasonPrompt, type PromptRequest } from '../../ui/ReasonPrompt';
import { useHubNow } from '../../lib/useNow';
import { checkRows } from './checksView';
import { DefineCheckForm } from './DefineCheckForm';

/**
 * The night's checks: what each reads, its last result and how often it ran, "Run now", and
 * (lead, operators) defining one. The hub runs them; this only shows and asks.
 */
export function ChecksPanel() {
  const checks = useCutover((s) => s.state.checks);
  const checkOrder = useCutover((s) => s.state.checkOrder);
  const steps = useCutover((s) => s.state.steps);
  const series = useCutover((s) => s.state.series);
  const tz = useCutover((s) => s.state.info?.window.timeZone ?? 'UTC');
  const send = useCutover((s) => s.send);
  const role = useMyRole();
  const [defining, setDefining] = useState(false);
  /** What adding the template's examples did, until the form is opened again. */
  const [said, setSaid] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PromptRequest | null>(null);
  /** Asks before a check goes; why, on the record, when it still guards a step of the night. */
  const askToRemove = (checkId: string) => {
    const state = useCutover.getState().state;
    const check = checkOf(state, checkId);
    if (!check) return;
    const guarded = stepGuardedBy(state, check);
    setRemoving({
      title: `Remove the check “${check.config.name}”`,
      intro: guarded
        ? `It verifies “${guarded.title}”, which is not done: without it the step could be completed with nothing read. Its results stay on the timeline.`
        : 'Its results stay on the timeline; to have it again, it is defined again.',
      label: guarded ? 'Why it goes (put on the record)' : null,
      required: guarded !== null,
      confirm: 'Remove the check',
      danger: true,
      onSubmit: (reason) => void send('check.remove', { checkId, ...(reason ? { reason } : {}) }),
    });
  };
  // The clock ticks so a pass nobody reads again turns into an old reading on screen.
  const now = useHubNow(5_000);
  const rows = useMemo(() => checkRows({ checks, checkOrder, steps, series }, tz, now), [checks, checkOrder, steps, series, tz, now]);
  return (
    <section className="checks" aria-label="Checks">
      <h3>Checks</h3>
      {rows.length === 0 && <p className="hint">No checks yet: row counts, replication caught up, a health endpoint, read by the hub itself.</p>}
      <ul className="checks__list">
        {rows.map((r) => (
          <li key={r.id} className={`checks__row check-status--${r.line.tone}`} data-check-id={r.id} data-tone={r.line.tone}>
            <div>
              <strong>{r.name}</strong> <span className="hint">{r.what}</span>
            </div>
            {r.bound && <div className="hint">{r.bound}</div>}
            <div data-testid="check-last">
              <strong>{r.line.verdict}</strong>
              {r.line.evidence && <span> · {r.line.evidence}</span>}
              {r.line.since && <small className="hint"> · {r.line.since}</small>}
              {r.attempts > 0 && (
                <small className="hint">
                  {' '}
                  · {r.attempts} run{r.attempts === 1 ? '' : 's'}
                </small>
              )}
            </div>
            {mayIssue(role, 'check.run') && (
              <button type="button" onClick={() => void send('check.run', { checkId: r.id })}>
                Run now
              </button>
            )}
            {mayIssue(role, 'check.remove') && (
              <button type="button" className="link" onClick={() => askToRemove(r.id)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {mayIssue(role, 'check.define') && !defining && (
        <button
          type="button"
          onClick={() => {
            setSaid(null);
            setDefining(true);
          }}
        >
          Define a check…
        </button>
      )}
      {said && (
        <p className="hint" role="status" data-testid="examples-said">
          {said}
        </p>
      )}
      {removing && <ReasonPrompt request={removing} onClose={() => setRemoving(null)} />}
      {defining && (
        <DefineCheckForm
          onDone={(s) => {
            setSaid(s ?? null);
            setDefining(false);
          }}
        />
      )}
    </section>
  );
}

import { useMemo, useState } from 'react';
import { decodeArchive } from '@shared/archive';
import type { CutoverState } from '@shared/cutover';
import { compareWithRehearsal, planLiveFromRehearsal } from '@shared/postmortem';
import { planToMarkdown } from '@shared/runbook';
import { downloadText, slug } from './download';
import { factorOf, planRows } from './rehearsalView';
import type { LoadedNight } from './ReviewRoute';

const mins = (m: number | null) => (m === null ? '–' : `${Math.round(m)} min`);

type RehearsalPanelProps = { night: LoadedNight; rehearsal: CutoverState | null; onRehearsal: (s: CutoverState | null) => void };

/**
 * Rehearsals, seed 000's lesson: staging timings did not hold on live. Plan the next night
 * from this rehearsal (a factor per step, the data-volume ratio for the volume-bound steps,
 * the plan's slack kept unless the lead drops it, the drain from the queue's rates), or set
 * this night beside the rehearsal it was planned from.
 */
export function RehearsalPanel({ night, rehearsal, onRehearsal }: RehearsalPanelProps) {
  const [error, setError] = useState<string | null>(null);
  const [ratio, setRatio] = useState('1');
  const [factors, setFactors] = useState<Record<string, string>>({});
  const [dropSlack, setDropSlack] = useState<string[]>([]);
  const rows = useMemo(() => (rehearsal ? compareWithRehearsal(night.state, rehearsal) : []), [night, rehearsal]);
  const title = night.state.info?.title ?? 'Cutover';

  const volumeRatio = factorOf(ratio);
  const perStep = Object.fromEntries(Object.entries(factors).flatMap(([id, text]) => (factorOf(text) === null ? [] : [[id, factorOf(text)!]])));
  const badFactor = Object.entries(factors).find(([, text]) => factorOf(text) === null);
  const planned = useMemo(() => {
    if (!night.state.info?.isRehearsal || volumeRatio === null) return null;
    return planLiveFromRehearsal(night.state, perStep, { volumeRatio, dropSlack, record: { events: night.events, samples: night.samples } });
  }, [night, volumeRatio, JSON.stringify(perStep), dropSlack]);
  const plan = planned ? planRows(night.state, planned) : [];

  const load = async (file: File | undefined) => {
    if (!file) return;
    const r = await decodeArchive(await file.text());
    if (r.ok) {
      onRehearsal(r.state);
      setError(null);
    } else setError(r.error);
  };

  return (
    <section className="rehearsal" aria-label="Rehearsal">
      {night.state.info?.isRehearsal && (
        <div className="card">
          <h2>Plan the live night from this rehearsal</h2>
          <p className="hint">
            Each step is planned as long as it took tonight, times its factor; steps that grow with the data (copies, index builds) also times the data-volume
            ratio. A step planned longer than it took keeps its plan unless you drop its slack. The drain is worked out from tonight’s queue: how fast events
            arrived while processing was stopped, and how fast the backlog fell after.
          </p>
          <label className="field">
            <span>Live data over this rehearsal’s (data-volume ratio)</span>
            <input aria-label="Data-volume ratio" type="number" min={0.1} step={0.1} value={ratio} onChange={(e) => setRatio(e.target.value)} />
          </label>
          {volumeRatio === null && <p className="error">The data-volume ratio must be a positive number.</p>}
          {badFactor && <p className="error">The factor for “{night.state.steps[badFactor[0]]?.title}” must be a positive number.</p>}
          {planned?.drain && (
            <p className="hint" data-testid="drain-forecast">
              {planned.drain.ok
                ? `Drain: about ${Math.round(planned.drain.liveBacklog).toLocaleString('en-GB')} events queued on live, ${Math.round(planned.drain.drainMin)} min to work off.`
                : planned.drain.reason}
            </p>
          )}
          {plan.length > 0 && (
            <table className="gantt__phases" data-testid="live-plan">
              <thead>
                <tr>
                  <th>Step</th>
                  <th>Grows with</th>
                  <th>Rehearsal</th>
                  <th>Factor</th>
                  <th>Planned before</th>
                  <th>Live plan</th>
                  <th>Slack</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {plan.map((r) => (
                  <tr key={r.id} data-step-id={r.id}>
                    <td>{r.title}</td>
                    <td>{r.scales === 'fixed' ? '—' : r.scales === 'volume' ? 'data' : 'queue'}</td>
                    <td>{mins(r.rehearsalMin)}</td>
                    <td>
                      <input
                        aria-label={`Factor for ${r.title}`}
                        className="rehearsal__factor"
                        type="number"
                        min={0.1}
                        step={0.1}
                        value={factors[r.id] ?? '1'}
                        onChange={(e) => setFactors({ ...factors, [r.id]: e.target.value })}
                      />
                    </td>
                    <td>{mins(r.plannedMin)}</td>
                    <td>
                      <strong>{mins(r.liveMin)}</strong>
                    </td>
                    <td>
                      {(r.why.includes('kept the plan') || dropSlack.includes(r.id)) && (
                        <label className="toggle">
                          <input
                            type="checkbox"
                            checked={!dropSlack.includes(r.id)}
                            onChange={(e) => setDropSlack(e.target.checked ? dropSlack.filter((x) => x !== r.id) : [...dropSlack, r.id])}
                          />{' '}
                          keep
                        </label>
                      )}
                    </td>
                    <td className="hint">{r.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button
            type="button"
            disabled={!planned || Boolean(badFactor)}
            onClick={() => planned && downloadText(planToMarkdown(`${title} (from rehearsal)`, planned.plan), 'text/markdown', `${slug(title)}-plan.md`)}
          >
            Download the runbook (Markdown)
          </button>
          <p className="hint">Import it when you create the live cutover.</p>
        </div>
      )}
      <div className="card">
        <h2>Compare with a rehearsal</h2>
        <p className="hint">The rehearsal you load here is also set beside this night in the postmortem, step by step, with the factor.</p>
        <label className="field">
          <span>Rehearsal archive</span>
          <input type="file" accept=".json,application/json" onChange={(e) => void load(e.target.files?.[0])} />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {rows.length > 0 && (
          <table className="gantt__phases">
            <thead>
              <tr>
                <th>Step</th>
                <th>Planned</th>
                <th>Rehearsal</th>
                <th>Tonight</th>
                <th>Difference</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.stepId ?? r.rehearsalStepId ?? i}>
                  <td>{r.title}</td>
                  <td>{mins(r.plannedMin)}</td>
                  <td>{mins(r.rehearsalMin)}</td>
                  <td>{mins(r.liveMin)}</td>
                  <td className={r.diffMin !== null && r.diffMin > 5 ? 'slip--danger' : ''}>
                    {r.diffMin === null ? '–' : `${r.diffMin > 0 ? '+' : ''}${Math.round(r.diffMin)} min${r.ratio ? ` (×${r.ratio.toFixed(1)})` : ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

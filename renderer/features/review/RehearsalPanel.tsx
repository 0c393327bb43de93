import { useMemo, useState } from 'react';
import { decodeArchive } from '@shared/archive';
import type { CutoverState } from '@shared/cutover';
import { compareWithRehearsal, planFromRehearsal } from '@shared/postmortem';
import { planToMarkdown } from '@shared/runbook';
import { downloadText, slug } from './download';
import type { LoadedNight } from './ReviewRoute';

const mins = (m: number | null) => (m === null ? '–' : `${Math.round(m)} min`);

/**
 * Rehearsals, seed 000's lesson: staging timings did not hold on live. Compare this night
 * with a rehearsal, or plan the next night from this rehearsal's actual times, scaled.
 */
export function RehearsalPanel({ night }: { night: LoadedNight }) {
  const [rehearsal, setRehearsal] = useState<CutoverState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scale, setScale] = useState('1');
  const rows = useMemo(() => (rehearsal ? compareWithRehearsal(night.state, rehearsal) : []), [night, rehearsal]);
  const title = night.state.info?.title ?? 'Cutover';
  const factor = Number(scale);

  const load = async (file: File | undefined) => {
    if (!file) return;
    const r = await decodeArchive(await file.text());
    if (r.ok) {
      setRehearsal(r.state);
      setError(null);
    } else setError(r.error);
  };

  return (
    <section className="rehearsal" aria-label="Rehearsal">
      {night.state.info?.isRehearsal && (
        <div className="card">
          <h2>Plan the live night from this rehearsal</h2>
          <p className="hint">Each step’s planned time becomes what it actually took tonight, times a data-size factor (live is bigger than staging).</p>
          <div className="row">
            <label className="field">
              <span>Scale factor</span>
              <input type="number" min={0.1} max={20} step={0.1} value={scale} onChange={(e) => setScale(e.target.value)} />
            </label>
            <button
              type="button"
              disabled={!(factor > 0)}
              onClick={() =>
                downloadText(planToMarkdown(`${title} (from rehearsal)`, planFromRehearsal(night.state, factor)), 'text/markdown', `${slug(title)}-plan.md`)
              }
            >
              Download the runbook (Markdown)
            </button>
          </div>
          <p className="hint">Import it when you create the live cutover.</p>
        </div>
      )}
      <div className="card">
        <h2>Compare with a rehearsal</h2>
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

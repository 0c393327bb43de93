import { useState } from 'react';
import { mayIssue } from '@shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { SeriesSetupDialog } from './lazyDialog';
import { cadenceText, kindLabel, sourceStatusText, thresholdsText } from './seriesText';

type SeriesRowProps = { seriesId: string };

/** One series: where it reads from, how often, its lines and its source's health. */
export function SeriesRow({ seriesId }: SeriesRowProps) {
  const series = useCutover((s) => s.state.series[seriesId]);
  const status = useCutover((s) => s.state.seriesStatus[seriesId]);
  const send = useCutover((s) => s.send);
  const role = useMyRole();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!series) return null;
  const health = sourceStatusText(status, series.source.kind);
  return (
    <li className="series-row" data-testid={`series-row-${seriesId}`}>
      <div className="series-row__main">
        <span className="series-row__name">{series.name}</span> <code className="series-row__id">{series.id}</code>
        {series.group && <span className="series-row__group">in {series.group}</span>}
      </div>
      <div className="series-row__meta">
        <span className="kind">{kindLabel(series.source.kind)}</span>
        <span>{cadenceText(series)}</span>
        <span>{thresholdsText(series)}</span>
      </div>
      {health && (
        <p className={`series-row__health series-row__health--${health.tone}`} data-testid="series-health">
          {health.text}
        </p>
      )}
      {confirming ? (
        <div className="series-row__confirm" role="alert">
          <span>Remove “{series.name}”? The hub stops reading it and its chart leaves every screen; what it read stays in the archive.</span>
          <button
            type="button"
            className="danger"
            onClick={() => void send('series.remove', { seriesId }).then(() => setConfirming(false))}
            data-testid="series-remove-confirm"
          >
            Remove
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <div className="series-row__actions">
          {mayIssue(role, 'series.define') && (
            <button type="button" onClick={() => setEditing(true)} data-testid="series-edit">
              Edit…
            </button>
          )}
          {mayIssue(role, 'series.remove') && (
            <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="series-remove">
              Remove…
            </button>
          )}
        </div>
      )}
      {editing && <SeriesSetupDialog series={series} onClose={() => setEditing(false)} />}
    </li>
  );
}

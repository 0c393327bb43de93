import { useState } from 'react';
import { decodeArchive } from '@shared/archive';
import type { CutoverEvent, CutoverState } from '@shared/cutover';
import type { SampleBatch } from '@shared/metrics';
import { navigate } from '../../lib/route';
import { ReviewScreen } from './ReviewScreen';

export type LoadedNight = { fileName: string; events: readonly CutoverEvent[]; state: CutoverState; samples: readonly SampleBatch[] };

/** Opens a recorded night from a file: no hub, no network; the archive is checked and folded here. */
export function ReviewRoute() {
  const [night, setNight] = useState<LoadedNight | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const decoded = await decodeArchive(await file.text()).finally(() => setBusy(false));
    if (decoded.ok) setNight({ fileName: file.name, events: decoded.archive.events, state: decoded.state, samples: decoded.archive.samples });
    else setError(decoded.error);
  };

  if (night) return <ReviewScreen night={night} onClose={() => setNight(null)} />;
  return (
    <main className="start">
      <h1 className="start__title">Review a recorded night</h1>
      <p className="start__lede">Open a Warroom archive (.warroom.json). It stays on this computer: nothing is sent anywhere.</p>
      <div className="card">
        <label className="field">
          <span>Archive file</span>
          <input type="file" accept=".json,application/json" data-testid="archive-input" onChange={(e) => void open(e.target.files?.[0])} />
        </label>
        {busy && <p className="hint">Checking and opening…</p>}
        {error && (
          <p className="error" role="alert" data-testid="archive-error">
            {error}
          </p>
        )}
        <button type="button" className="link" onClick={() => navigate('#/')}>
          Back
        </button>
      </div>
    </main>
  );
}

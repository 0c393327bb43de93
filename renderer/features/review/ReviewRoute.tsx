import { useEffect, useState } from 'react';
import { decodeArchive, type ArchiveReview } from '@shared/archive';
import type { CutoverEvent, CutoverState } from '@shared/cutover';
import type { SampleBatch } from '@shared/metrics';
import { keepShellForOffline } from '../../connection/offlineShell';
import { navigate } from '../../lib/route';
import { ReviewScreen } from './ReviewScreen';

export type LoadedNight = {
  fileName: string;
  events: readonly CutoverEvent[];
  state: CutoverState;
  samples: readonly SampleBatch[];
  /** The archive's checksum: where an edited draft of this very file is kept. */
  checksum: string;
  /** What the team saved with the archive after the night (version 2), or null. */
  review: ArchiveReview | null;
  /** Where the file is, when the desktop opened it through its dialog: the edited draft is kept beside it. */
  path: string | null;
};

/** Opens a recorded night from a file: no hub, no network; the archive is checked and folded here. */
export function ReviewRoute() {
  const [night, setNight] = useState<LoadedNight | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const desktop = window.warroom;
  // Opened from a hub, the review is kept whole for when the network is gone: a night is often reviewed on the move.
  useEffect(() => {
    if (!desktop) keepShellForOffline();
  }, [desktop]);

  const open = async (file: { name: string; text: string; path: string | null }) => {
    setBusy(true);
    setError(null);
    const decoded = await decodeArchive(file.text).finally(() => setBusy(false));
    if (decoded.ok) {
      const { events, samples, checksum, review } = decoded.archive;
      setNight({ fileName: file.name, events, state: decoded.state, samples, checksum, review, path: file.path });
    } else setError(decoded.error);
  };
  const openPicked = async (file: File | undefined) => {
    if (file) await open({ name: file.name, text: await file.text(), path: null });
  };
  // The desktop's own dialog: it knows where the file is, so the draft can be kept beside it.
  const openFromDesktop = async (api: NonNullable<typeof desktop>) => {
    const opened = await api.archive.open();
    if (opened.ok) await open({ name: opened.fileName, text: opened.text, path: opened.path });
    else if (opened.reason) setError(opened.reason);
  };

  if (night) return <ReviewScreen night={night} onClose={() => setNight(null)} />;
  return (
    <main className="start">
      <h1 className="start__title">Review a recorded night</h1>
      <p className="start__lede">Open a Warroom archive (.warroom.json). It stays on this computer: nothing is sent anywhere.</p>
      <div className="card">
        {desktop ? (
          <button type="button" className="primary review-open" onClick={() => void openFromDesktop(desktop)}>
            Open an archive…
          </button>
        ) : (
          <label className="field">
            <span>Archive file</span>
            <input type="file" accept=".json,application/json" data-testid="archive-input" onChange={(e) => void openPicked(e.target.files?.[0])} />
          </label>
        )}
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

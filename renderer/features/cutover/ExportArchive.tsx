import { useState } from 'react';
import { useCutover } from '../../connection/cutoverStore';

/**
 * Saves the night as one archive file for the postmortem. The desktop app asks its main
 * process (which holds the token); a browser fetches it from the hub with the link's token.
 */
export function ExportArchive({ hub, token }: { hub: string; token: string | null }) {
  const cutoverId = useCutover((s) => s.state.info?.id);
  const [message, setMessage] = useState<string | null>(null);
  if (!cutoverId) return null;
  const exportIt = async () => {
    if (window.warroom) {
      const r = await window.warroom.archive.export({ cutoverId, hub });
      return setMessage(r.saved ? `Saved ${r.path}` : r.reason);
    }
    const res = await fetch(`${hub}/api/cutovers/${encodeURIComponent(cutoverId)}/archive`, { headers: { authorization: `Bearer ${token ?? ''}` } });
    if (!res.ok) return setMessage(`The hub did not give the archive (${res.status})`);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${cutoverId}.warroom.json`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(`Downloaded ${name}`);
  };
  return (
    <>
      <button type="button" onClick={() => void exportIt()}>
        Export archive
      </button>
      {message && (
        <span className="hint" role="status">
          {message}
        </span>
      )}
    </>
  );
}

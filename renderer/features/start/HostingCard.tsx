import { useState, type FormEvent } from 'react';
import type { HubStatus } from '@shared/ipc/contract';

type HostingCardProps = { status: HubStatus; onChange: (s: HubStatus) => void };

/** Solo (this machine only) or hosting for the team on an address the crew can reach. */
export function HostingCard({ status, onChange }: HostingCardProps) {
  const bridge = window.warroom!;
  const [host, setHost] = useState('0.0.0.0');
  const [port, setPort] = useState(7410);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    onChange(await bridge.hub.host({ host, port }));
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>Hub</h2>
      <p>
        {status.mode === 'team' ? 'Hosting for the team at ' : status.mode === 'solo' ? 'Solo: only this machine can connect, at ' : 'Stopped'}
        {status.url && <code>{status.url}</code>}
      </p>
      {status.error && (
        <p className="error" role="alert">
          {status.error}
        </p>
      )}
      {status.mode === 'team' ? (
        <button type="button" onClick={() => void bridge.hub.solo().then(onChange)}>
          Back to solo
        </button>
      ) : (
        <div className="row">
          <label className="field">
            <span>Address</span>
            <input value={host} onChange={(e) => setHost(e.target.value)} />
          </label>
          <label className="field">
            <span>Port</span>
            <input type="number" min={1024} max={65535} value={port} onChange={(e) => setPort(Number(e.target.value))} />
          </label>
          <button type="submit">Host for the team</button>
        </div>
      )}
    </form>
  );
}

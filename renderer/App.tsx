import { useEffect, useState } from 'react';
import type { AppInfo } from '../shared/ipc/contract';

type Runtime =
  | { mode: 'web' }
  | { mode: 'desktop'; info: AppInfo | null; failed: boolean };

function initialRuntime(): Runtime {
  return window.warroom ? { mode: 'desktop', info: null, failed: false } : { mode: 'web' };
}

function statusText(runtime: Runtime): string {
  if (runtime.mode === 'web') return 'Web mode: running in a browser, without the desktop bridge.';
  if (runtime.failed) return 'Desktop app: the bridge is present but did not answer.';
  if (!runtime.info) return 'Desktop app: connecting to the bridge…';
  return `Desktop app: bridge connected, version ${runtime.info.version} on ${runtime.info.platform}.`;
}

export function App() {
  const [runtime, setRuntime] = useState<Runtime>(initialRuntime);

  useEffect(() => {
    const bridge = window.warroom;
    if (!bridge) return;
    let current = true;
    bridge.app
      .info()
      .then((info) => current && setRuntime({ mode: 'desktop', info, failed: false }))
      .catch(() => current && setRuntime({ mode: 'desktop', info: null, failed: true }));
    return () => {
      current = false;
    };
  }, []);

  return (
    <main className="start">
      <h1 className="start__title">Warroom</h1>
      <p className="start__lede">Runbook, live lag and go/no-go decisions for the night of a cutover.</p>
      <p className={`status status--${runtime.mode}`} role="status">
        {statusText(runtime)}
      </p>
    </main>
  );
}

import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts the real standalone hub in its own process and waits for its address: what a
 * crash test kills with SIGKILL. `env` adds to the process's environment (hub secrets).
 */
export function spawnHub(dataDir: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/hub/cli.ts', '--data-dir', dataDir, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${err}`)));
  });
}

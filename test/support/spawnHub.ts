import { spawn, type ChildProcess } from 'node:child_process';
import { startHub } from '../../electron/hub/hub';
import { SMALL_RUNBOOK, WINDOW_START } from './hubHarness';

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

/**
 * Creates a cutover in `dataDir` with an in-process hub and closes it, so a spawned hub
 * (which the test may kill) opens it from disk. Answers the cutover and the lead's token.
 */
export async function cutoverOnDisk(dataDir: string, title = 'Crash night'): Promise<{ cutoverId: string; leadToken: string }> {
  const setup = await startHub({ dataDir, port: 0, log: () => undefined });
  const { cutoverId, invites } = await setup.createCutover({
    title,
    window: { start: WINDOW_START, end: WINDOW_START + 7_200_000, timeZone: 'UTC' },
    isRehearsal: false,
    runbook: SMALL_RUNBOOK,
  });
  await setup.close();
  return { cutoverId, leadToken: invites.find((i) => i.invite.role === 'lead')!.token };
}

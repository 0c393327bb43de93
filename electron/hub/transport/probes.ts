import { formatIssues, type Actor } from '@shared/cutover';
import { SourceConfigSchema, sourceSecretNames } from '@shared/metrics';
import { checkDestination } from '../comms/check';
import type { OpenCutover } from '../cutovers/registry';
import { testSource } from '../metrics/sources';
import type { SecretVault } from '../secrets/vault';
import { permit } from './permits';

/** A `probed` answer without its id: what a "Test" button shows. */
export type Probed = { ok: true; value: number | null; detail: string } | { ok: false; error: string };

/** A probe reads a source once; a slow one must not hold the crew's "Test" button for long. */
const PROBE_TIMEOUT_MS = 10_000;

/** One read of a source that is not saved yet, for the crew who may set series up. */
export async function probeSource(role: Actor['role'], raw: unknown, secrets: SecretVault): Promise<Probed> {
  const may = permit(role, 'source.probe');
  if (!may.ok) return { ok: false, error: may.reason };
  const parsed = SourceConfigSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `The source is not complete: ${formatIssues(parsed.error)}` };
  if (parsed.data.kind === 'push' || parsed.data.kind === 'simulated')
    return { ok: false, error: 'This kind of series is not polled, so there is nothing to test' };
  const mayWithSecret = sourceSecretNames(parsed.data).length > 0 ? permit(role, 'source.probeWithSecret') : may;
  if (!mayWithSecret.ok) return { ok: false, error: mayWithSecret.reason };
  const result = await testSource(parsed.data, { secret: (n: string) => secrets.get(n) }, PROBE_TIMEOUT_MS);
  return result.ok ? { ok: true, value: result.value, detail: `Read ${result.value}` } : { ok: false, error: result.error };
}

/** "Test" for Slack, the status page or the webhook as the cutover has them set up (lead, comms). */
export async function checkComms(
  role: Actor['role'],
  destination: 'slack' | 'statuspage' | 'webhook',
  cutover: OpenCutover,
  opts: { now: () => number; slackApiUrl?: string },
): Promise<Probed> {
  const may = permit(role, 'comms.check');
  if (!may.ok) return { ok: false, error: may.reason };
  const result = await checkDestination(cutover.runtime.state, destination, { vault: cutover.secrets, ...opts });
  return result.ok ? { ok: true, value: null, detail: result.detail } : { ok: false, error: result.error };
}

import { formatValue, type SeriesConfig, type SourceKind } from '@shared/metrics';
import type { SeriesStatus } from '@shared/metrics/applySeries';
import type { ProbeResult } from '@shared/client';
import { kindSpec } from './sourceKinds';

/*
 * The words the dialog and the list show: one place, so a threshold or a source's health
 * reads the same in both.
 */

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const readings = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** "Read 1,234", or the hub's reason the read failed, as a sentence. */
export function probeSentence(r: ProbeResult): { ok: boolean; text: string } {
  if (!r.ok) return { ok: false, text: capital(r.error) };
  return { ok: true, text: r.value === null ? r.detail : `Read ${readings.format(r.value)}` };
}

export const kindLabel = (kind: SourceKind): string => kindSpec(kind).short ?? kindSpec(kind).label;

/** Push is not read at an interval, and the demo is made up: their line says so. */
export function cadenceText(s: SeriesConfig): string {
  if (s.source.kind === 'push') return 'pushed to the hub';
  if (s.source.kind === 'simulated') return `made up by the hub every ${formatValue(s.intervalSec, 'seconds')}`;
  return `every ${formatValue(s.intervalSec, 'seconds')}, timeout ${formatValue(s.timeoutSec, 'seconds')}`;
}

export function thresholdsText(s: SeriesConfig): string {
  const parts = [
    s.warning !== null ? `warning ${formatValue(s.warning, s.unit)}` : null,
    s.critical !== null ? `critical ${formatValue(s.critical, s.unit)}` : null,
    s.normal
      ? `normal ${s.normal.low === 0 ? `up to ${formatValue(s.normal.high, s.unit)}` : `${formatValue(s.normal.low, s.unit)}\u2013${formatValue(s.normal.high, s.unit)}`}`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : 'no thresholds';
}

/**
 * The source's health in words; colour is never the only sign. The hub says "down" on the
 * first failed read and "up" only after one, so a source it never reported is fine so far.
 */
export function sourceStatusText(status: SeriesStatus | undefined, kind: SourceKind): { tone: 'ok' | 'danger'; text: string } | null {
  if (!status || status.source === 'unknown') return kindSpec(kind).polled ? { tone: 'ok', text: 'no failed reads' } : null;
  if (status.source === 'up') return { tone: 'ok', text: 'source up' };
  const reason = status.message?.replace(/^down:\s*/, '');
  return { tone: 'danger', text: reason ? `source down: ${reason}` : 'source down' };
}

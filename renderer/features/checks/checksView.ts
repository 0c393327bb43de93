import { checkList, checksOfStep, OP_WORDS, num, passesNow, staleNow, type CheckSpec, type CheckState } from '@shared/checks';
import type { CutoverState } from '@shared/cutover';
import { clockTime, span } from '../../lib/time';

/*
 * How a check reads on a screen: met or not, the evidence, since when. Pure, so the poll
 * board, the runbook and the checks list say the same words, and a unit test reads them.
 */

export type CheckTone = 'met' | 'unmet' | 'unknown';
export type CheckLine = { tone: CheckTone; verdict: string; evidence: string; since: string };

/**
 * "✓ met · 1,000 and 1,000: the same · since 23:40" in parts. A pass nobody has read since it
 * was taken vouches for nothing now, on a step or a poll's condition: the hub asks for another
 * (passesNow), so it reads "○ old reading · read 40m ago: run it again".
 */
export function checkLineOf(check: CheckState | undefined, tz: string, now: number): CheckLine {
  if (!check) return { tone: 'unknown', verdict: '? unknown check', evidence: '', since: '' };
  const last = check.last;
  if (!last) return { tone: 'unknown', verdict: '○ not run yet', evidence: '', since: '' };
  if (staleNow(check, now))
    return { tone: 'unknown', verdict: '○ old reading', evidence: last.summary, since: `read ${span(now - last.at)} ago: run it again` };
  const since = last.heldSince ?? check.since;
  return {
    tone: last.pass ? 'met' : 'unmet',
    verdict: last.pass ? '✓ met' : last.error ? '✕ could not run' : '✕ not met',
    evidence: last.error ?? last.summary,
    since: since === null ? '' : `since ${clockTime(since, tz)}`,
  };
}

/** What the check reads, in a line: "SQL on 2 connections, within 0", "HTTP 200 at /healthz". */
export function describeSpec(spec: CheckSpec, seriesName: (id: string) => string): string {
  switch (spec.kind) {
    case 'lag':
      return `${seriesName(spec.seriesId)} ${OP_WORDS[spec.op].is} ${num(spec.value)}${spec.heldForSec > 0 ? ` for ${num(spec.heldForSec / 60)} min` : ''}`;
    case 'sql':
      return spec.compare.to === 'query'
        ? `${spec.source.kind} query vs ${spec.compare.source.kind} query, within ${num(spec.compare.tolerance)}`
        : `${spec.source.kind} query ${OP_WORDS[spec.compare.op].is} ${num(spec.compare.value)}`;
    case 'http':
      return `HTTP ${spec.status}${spec.compare ? `, ${spec.source.pointer || 'the answer'} ${OP_WORDS[spec.compare.op].is} ${num(spec.compare.value)}` : ''}`;
    case 'prometheus':
      return `Prometheus ${OP_WORDS[spec.compare.op].is} ${num(spec.compare.value)}`;
  }
}

export type CheckRowView = { id: string; name: string; what: string; bound: string; line: CheckLine; attempts: number };

export function checkRows(state: Pick<CutoverState, 'checks' | 'checkOrder' | 'steps' | 'series'>, tz: string, now: number): CheckRowView[] {
  const seriesName = (id: string) => state.series[id]?.name ?? id;
  return checkList(state).map((c) => {
    const step = c.config.step ? state.steps[c.config.step.stepId] : undefined;
    return {
      id: c.config.id,
      name: c.config.name,
      what: describeSpec(c.config.spec, seriesName),
      bound: step ? `verifies “${step.title}” (${c.config.step?.completes === 'auto' ? 'completes when it passes' : 'needs a person'})` : '',
      line: checkLineOf(c, tz, now),
      attempts: c.last?.attempt ?? 0,
    };
  });
}

/** A step's checks: whether a person may complete it without forcing, and the lines to show. */
export function stepChecks(
  state: Pick<CutoverState, 'checks' | 'checkOrder'>,
  stepId: string,
  tz: string,
  now: number,
): { lines: (CheckLine & { name: string })[]; failing: boolean; auto: boolean } {
  const checks = checksOfStep(state, stepId);
  return {
    lines: checks.map((c) => ({ name: c.config.name, ...checkLineOf(c, tz, now) })),
    failing: checks.some((c) => !passesNow(c, now)),
    auto: checks.some((c) => c.config.step?.completes === 'auto'),
  };
}

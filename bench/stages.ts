import type { Stage, StageEntry } from '../electron/hub/stageTimes';
import { fmt, percentile } from './lib';

/*
 * The hub's stage clock (electron/hub/stageTimes.ts) turned into figures: for each step
 * between two stages, p50 and p99 over the commands that went all the way, in ms.
 */
const STEPS: Array<[name: string, from: Stage, to: Stage]> = [
  ['arrival>decided', 'arrival', 'decided'],
  ['decided>written', 'decided', 'written'],
  ['written>fsynced', 'written', 'fsynced'],
  ['fsynced>broadcast', 'fsynced', 'broadcast'],
  ['arrival>broadcast', 'arrival', 'broadcast'],
];

export type StageBreakdown = { commands: number; steps: Array<{ step: string; p50: number; p99: number; max: number }> };

export function stageBreakdown(entries: readonly StageEntry[]): StageBreakdown {
  const complete = entries.filter(
    (e) => e.arrival !== undefined && e.decided !== undefined && e.written !== undefined && e.fsynced !== undefined && e.broadcast !== undefined,
  );
  return {
    commands: complete.length,
    steps: STEPS.map(([step, from, to]) => {
      const d = complete.map((e) => e[to]! - e[from]!).sort((a, b) => a - b);
      return { step, p50: percentile(d, 50), p99: percentile(d, 99), max: d[d.length - 1] ?? Number.NaN };
    }),
  };
}

export const describeBreakdown = (b: StageBreakdown): string =>
  `hub stages over ${b.commands} commands (ms): ` + b.steps.map((s) => `${s.step} p50 ${fmt(s.p50, 3)} p99 ${fmt(s.p99, 3)} max ${fmt(s.max, 2)}`).join(' | ');

/** For the last line: p99 of each step, `name:ms` joined by commas. */
export const breakdownFigure = (b: StageBreakdown): string => b.steps.map((s) => `${s.step.replace('>', '_')}:${fmt(s.p99)}`).join(',');

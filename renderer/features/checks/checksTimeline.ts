import type { CutoverEvent, CutoverState } from '@shared/cutover';
import { checkOf } from '@shared/checks';

type CheckEvent = Extract<CutoverEvent, { type: `check.${string}` }>;
export type CheckTimelineLine = { text: string; tone: 'info' | 'issue' | 'system' };

/** A check's events on the timeline: a result reads as its evidence ("Check “orders” passed: 1,000 and 1,000: the same"). */
export function checkLine(e: CheckEvent, state: CutoverState): CheckTimelineLine {
  const name = (id: string) => `“${checkOf(state, id)?.config.name ?? id}”`;
  switch (e.type) {
    case 'check.defined':
      return { text: `Check “${e.payload.check.name}” set up`, tone: 'system' };
    case 'check.removed':
      return {
        text: `Check ${e.payload.name ? `“${e.payload.name}”` : name(e.payload.checkId)} removed${e.payload.reason ? `: ${e.payload.reason}` : ''}`,
        tone: e.payload.reason ? 'issue' : 'system',
      };
    case 'check.requested':
      return { text: `Check ${name(e.payload.checkId)} run on request`, tone: 'system' };
    case 'check.evaluated': {
      const p = e.payload;
      const verdict = p.pass ? 'passed' : p.error ? 'could not run' : 'failed';
      return { text: `Check ${name(p.checkId)} ${verdict}: ${p.error ?? p.summary}`, tone: p.pass ? 'info' : 'issue' };
    }
  }
}

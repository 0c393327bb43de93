import type { EventPayload } from './events';
import { isEnded } from './schema';

/**
 * A change of the night's status as the timeline and the postmortem say it: a reopened
 * night, and a night completed while steps were still open, are said as such. `because`
 * formats the reason the way the caller writes reasons.
 */
export function statusSentence(p: EventPayload<'cutover.statusChanged'>, title: (stepId: string) => string, because: (reason?: string) => string): string {
  const undone = p.leftUndone ?? [];
  switch (p.to) {
    case 'draft':
      return 'Cutover back to draft';
    case 'scheduled':
      return 'Cutover scheduled';
    case 'in_progress':
      return isEnded(p.from) ? `Cutover reopened${because(p.reason)}` : 'Cutover started (T0)';
    case 'completed': {
      if (undone.length === 0) return `Cutover completed${because(p.reason)}`;
      const names = `${undone.slice(0, 5).map(title).join(', ')}${undone.length > 5 ? '…' : ''}`;
      return `Cutover completed early, with ${undone.length} step${undone.length > 1 ? 's' : ''} not done (${names})${because(p.reason)}`;
    }
    case 'rolled_back':
      return `Cutover rolled back${because(p.reason)}`;
    case 'aborted':
      return `Cutover aborted${because(p.reason)}`;
  }
}

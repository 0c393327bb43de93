import type { CommandType, CutoverState } from '@shared/cutover';

/*
 * What a refusal says besides the hub's reason: what was asked for, in words, and what the
 * person wrote for it. A refused change must never take its text with it (a reason typed at
 * 2 AM is not typed again the same), and a change kept from before a reload has no dialog
 * left on screen to say what it was.
 */

/** The fields people write themselves, in the order they are shown. Never a secret's value. */
const TYPED_FIELDS = ['text', 'reason', 'note', 'force', 'handover', 'comment', 'question', 'rationale', 'override'] as const;

/** What the person wrote for a command, as they wrote it; null when it carries nothing typed. */
export function typedIn(type: CommandType, payload: unknown): string | null {
  if (type === 'secret.set' || typeof payload !== 'object' || payload === null) return null;
  const fields = payload as Record<string, unknown>;
  const parts = TYPED_FIELDS.map((f) => fields[f]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parts.length > 0 ? parts.join('\n\n') : null;
}

const STEP_VERBS: Partial<Record<CommandType, string>> = {
  'step.start': 'Start',
  'step.complete': 'Done',
  'step.skip': 'Skip',
  'step.fail': 'Fail',
  'step.block': 'Blocked',
  'step.reopen': 'Reopen',
  'step.note': 'Note on',
  'step.edit': 'Edit',
  'step.move': 'Move',
  'step.remove': 'Remove',
  'ponr.override': 'Cross without a GO at',
};

const OTHER_WORDS: Partial<Record<CommandType, string>> = {
  'note.add': 'Add a note to the timeline',
  'member.shift': 'Change your shift',
  'cutover.start': 'Start the night',
  'cutover.reopen': 'Reopen the night',
  'poll.open': 'Open a Go/No-go poll',
  'poll.answer': 'Answer a Go/No-go poll',
  'decision.record': 'Record a decision',
  'message.send': 'Send a message to stakeholders',
  'action.add': 'Add an action item',
  'check.remove': 'Remove a check',
};

/** What a command asked for, in words ("Fail “Stop event processing”"), from the night as this window has it. */
export function whatWasAsked(type: CommandType, payload: unknown, state: CutoverState): string {
  const stepId = typeof payload === 'object' && payload !== null ? (payload as { stepId?: unknown }).stepId : undefined;
  const verb = STEP_VERBS[type];
  if (verb !== undefined && typeof stepId === 'string') {
    const title = state.steps[stepId]?.title;
    return title !== undefined ? `${verb} “${title}”` : `${verb} a step`;
  }
  return OTHER_WORDS[type] ?? `Change the night (${type})`;
}

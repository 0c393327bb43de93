import { useCallback, useState } from 'react';
import { PONR_CONFIRM_WORD, ponrClearance, ponrCrossed, unmetDependencies, type MaintenanceWindow } from '@shared/cutover';
import { seenOf } from '@shared/steps';
import { useCutover } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import type { PromptRequest } from '../../ui/ReasonPrompt';
import type { StepAction } from './stepActions';

const words = (s: string) => s.replace(/_/g, ' ');

/** Said before anything starts ahead of the maintenance window; undefined once it is open. */
export function windowNotOpen(win: MaintenanceWindow | undefined, now: number): string | undefined {
  if (!win || now >= win.start) return undefined;
  return `The maintenance window opens at ${clockTime(win.start, win.timeZone)}: this starts before it.`;
}

/**
 * Turns a step action into a command, asking first where one is needed: a reason, what a
 * forced start bypasses, a start before the window opens, and the typed override of the
 * point of no return. Returns the prompt to show (if any) and the function rows call.
 */
export function useStepCommands(makeActionItem?: (stepId: string, title: string) => void) {
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);

  const act = useCallback(
    (stepId: string, action: StepAction) => {
      const { state, clockOffsetMs } = useCutover.getState();
      const step = state.steps[stepId];
      // What this screen shows of the step as the person acts: a command that lands after the
      // step moved on (queued offline, or a dialog left open) is refused, not applied to it.
      const seen = step && seenOf(step);
      const title = step?.title ?? stepId;
      const ask = (p: Omit<PromptRequest, 'title'> & { verb: string }) => setPrompt({ ...p, title: `${p.verb}: ${title}` });
      const beforeWindow = windowNotOpen(state.info?.window, Date.now() + clockOffsetMs);
      // Starting the point of no return crosses it: the command says so, and only after a confirmation.
      const cross = step?.pointOfNoReturn ? ({ cross: true } as const) : {};
      switch (action) {
        case 'start':
          // Only the first start crosses it: resumed after a block, it was crossed already.
          if (step?.pointOfNoReturn && step.startedAt === null) {
            const by = ponrClearance(state, step);
            return ask({
              verb: 'Cross the point of no return',
              label: null,
              required: false,
              intro: `After “${title}” there is no way back. Starting it now crosses the point of no return${by.clear && by.by === 'override' ? ', on the override on record' : ', on the approver’s GO'}.${beforeWindow ? ` ${beforeWindow}` : ''}`,
              confirm: 'Start: cross it',
              danger: true,
              onSubmit: () => void send('step.start', { stepId, cross: true, seen }),
            });
          }
          if (!beforeWindow) return void send('step.start', { stepId, seen });
          return ask({
            verb: 'Start before the window',
            label: null,
            required: false,
            confirm: 'Start now',
            intro: beforeWindow,
            onSubmit: () => void send('step.start', { stepId, seen }),
          });
        case 'complete':
          return void send('step.complete', { stepId, seen });
        case 'completeWithNote':
          return ask({
            verb: 'Done',
            label: 'Note (optional)',
            required: false,
            confirm: 'Mark done',
            onSubmit: (note) => void send('step.complete', { stepId, seen, ...(note ? { note } : {}) }),
          });
        case 'force': {
          const waiting = step ? unmetDependencies(state, step).map((w) => `“${w.title}” is ${words(w.status)}`) : [];
          // Starting a gate early passes nothing: only the approver's GO completes it.
          const gate = step?.kind === 'gate' ? ' Starting the gate does not pass it: it completes only when the approver records GO.' : '';
          return ask({
            verb: 'Start before its dependencies',
            intro: `This bypasses the order of the runbook: “${title}” starts although ${waiting.length === 1 ? 'this step is' : 'these steps are'} not done.${gate}${beforeWindow ? ` ${beforeWindow}` : ''}`,
            detail: waiting,
            label: 'Why is it safe to start now? (goes on the timeline)',
            required: true,
            confirm: 'Start anyway',
            danger: true,
            onSubmit: (force) => void send('step.start', { stepId, force, seen, ...cross }),
          });
        }
        case 'override': {
          // Why it is shut, as the hub would say it: it may still wait on the gate, or the last decision was HOLD.
          const shut = step ? ponrClearance(state, step) : null;
          const why = shut && !shut.clear ? shut.why : 'no GO was recorded for it';
          // The last decision shown as the prompt opens: a HOLD recorded meanwhile makes the hub ask again.
          const after = state.decisions.at(-1)?.id ?? null;
          return ask({
            verb: 'Cross the point of no return without a GO',
            intro: `After “${title}” there is no way back, and ${why}. Crossing without a GO is your decision: it goes on the timeline and into the postmortem with your name and reason.`,
            label: 'Why cross without a GO?',
            required: true,
            typeToConfirm: PONR_CONFIRM_WORD,
            confirm: 'Cross without a GO',
            danger: true,
            onSubmit: (reason) => void send('ponr.override', { stepId, confirm: PONR_CONFIRM_WORD, reason, after }),
          });
        }
        case 'skip':
          // Skipped, the point of no return is passed for good, as surely as started.
          if (step?.pointOfNoReturn && !ponrCrossed(step))
            return ask({
              verb: 'Skip the point of no return',
              intro: `Skipping “${title}” crosses the point of no return: it cannot be reopened after, and the steps beyond it can start.`,
              label: 'Why is it skipped?',
              required: true,
              confirm: 'Skip: cross it',
              danger: true,
              onSubmit: (reason) => void send('step.skip', { stepId, reason, seen, cross: true }),
            });
          return ask({
            verb: 'Skip',
            label: 'Why is it skipped?',
            required: true,
            confirm: 'Skip step',
            onSubmit: (reason) => void send('step.skip', { stepId, reason, seen }),
          });
        case 'fail':
          return ask({
            verb: 'Fail',
            label: 'What went wrong?',
            required: true,
            confirm: 'Mark failed',
            onSubmit: (reason) => void send('step.fail', { stepId, reason, seen }),
          });
        case 'block':
          return ask({
            verb: 'Blocked',
            label: 'What is it waiting for?',
            required: true,
            confirm: 'Mark blocked',
            onSubmit: (reason) => void send('step.block', { stepId, reason, seen }),
          });
        case 'reopen':
          return ask({
            verb: 'Reopen',
            label: 'Why reopen it?',
            required: true,
            confirm: 'Reopen',
            onSubmit: (reason) => void send('step.reopen', { stepId, reason, seen }),
          });
        case 'note':
          return ask({
            verb: 'Note',
            label: 'Note on this step',
            required: true,
            confirm: 'Add note',
            onSubmit: (text) => void send('step.note', { stepId, text }),
            // Something to be done after the night, rather than said now: an owner, a priority, a date.
            ...(makeActionItem ? { alternative: { label: 'Make it an action item…', onChoose: (text: string) => makeActionItem(stepId, text) } } : {}),
          });
      }
    },
    [send, makeActionItem],
  );

  return { act, prompt, closePrompt: () => setPrompt(null) };
}

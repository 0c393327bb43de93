import { useCallback, useState } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import type { PromptRequest } from './ReasonPrompt';
import type { StepAction } from './stepActions';

/**
 * Turns a step action into a command, asking for a reason first where one is needed.
 * Returns the prompt to show (if any) and the function rows call.
 */
export function useStepCommands() {
  const send = useCutover((s) => s.send);
  const [prompt, setPrompt] = useState<PromptRequest | null>(null);

  const act = useCallback(
    (stepId: string, action: StepAction) => {
      const title = useCutover.getState().state.steps[stepId]?.title ?? stepId;
      const ask = (p: Omit<PromptRequest, 'title'> & { verb: string }) => setPrompt({ ...p, title: `${p.verb}: ${title}` });
      switch (action) {
        case 'start':
          return void send('step.start', { stepId });
        case 'complete':
          return void send('step.complete', { stepId });
        case 'completeWithNote':
          return ask({ verb: 'Done', label: 'Note (optional)', required: false, confirm: 'Mark done', onSubmit: (note) => void send('step.complete', { stepId, ...(note ? { note } : {}) }) });
        case 'force':
          return ask({ verb: 'Start before its dependencies', label: 'Why is it safe to start now?', required: true, confirm: 'Start anyway', onSubmit: (force) => void send('step.start', { stepId, force }) });
        case 'skip':
          return ask({ verb: 'Skip', label: 'Why is it skipped?', required: true, confirm: 'Skip step', onSubmit: (reason) => void send('step.skip', { stepId, reason }) });
        case 'fail':
          return ask({ verb: 'Fail', label: 'What went wrong?', required: true, confirm: 'Mark failed', onSubmit: (reason) => void send('step.fail', { stepId, reason }) });
        case 'block':
          return ask({ verb: 'Blocked', label: 'What is it waiting for?', required: true, confirm: 'Mark blocked', onSubmit: (reason) => void send('step.block', { stepId, reason }) });
        case 'reopen':
          return ask({ verb: 'Reopen', label: 'Why reopen it?', required: true, confirm: 'Reopen', onSubmit: (reason) => void send('step.reopen', { stepId, reason }) });
        case 'note':
          return ask({ verb: 'Note', label: 'Note on this step', required: true, confirm: 'Add note', onSubmit: (text) => void send('step.note', { stepId, text }) });
      }
    },
    [send],
  );

  return { act, prompt, closePrompt: () => setPrompt(null) };
}

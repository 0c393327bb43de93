import { ROLE_WORDS } from '@shared/core/words';
import type { Role } from '@shared/cutover';
import type { PromptRequest } from '../../ui/ReasonPrompt';

/** What each role may do on the night, as the confirmation of a change says it. */
const ROLE_POWERS: Record<Role, string> = {
  lead: 'runs the night: starts and ends it, edits the runbook, opens polls, changes roles and invites',
  approver: 'records GO, HOLD or ROLLBACK on the polls, and may cross the point of no return without a GO',
  operator: 'works the steps and sets up checks and lag series',
  comms: 'sends the updates to Slack and the customer banner',
  observer: 'only watches: nothing they do changes the night',
};

/**
 * Asks before a member's role changes. The role is a select, and a select changes with an
 * arrow key as well as a click: one stray key on it must not hand someone the GO, or take it
 * from the person who holds it.
 */
export function roleChangePrompt(name: string, from: Role, to: Role, change: () => void): PromptRequest {
  return {
    title: `Make ${name} ${ROLE_WORDS[to] ?? to}`,
    intro: `${name} is ${ROLE_WORDS[from] ?? from} now. As ${ROLE_WORDS[to] ?? to}, ${name} ${ROLE_POWERS[to]}.`,
    label: null,
    required: false,
    confirm: 'Change the role',
    onSubmit: change,
  };
}

import { NIGHT_FIELDS } from '../../connection/useStateFor';

/**
 * What a go/no-go view reads (pollView, decisionPanelView, the rounds' decisions and the
 * schedule behind the time left): the night, the polls and who answers them.
 */
export const POLL_FIELDS = [...NIGHT_FIELDS, 'members', 'polls', 'pollOrder'] as const;

/** And the checks, which a poll's conditions may be bound to: what stands against a GO (polls/against.ts). */
export const DECISION_FIELDS = [...POLL_FIELDS, 'checks', 'checkOrder'] as const;

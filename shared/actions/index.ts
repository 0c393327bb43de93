// Action items as a slice: what is to be done after the night, by whom, by when.
export { actionCommands } from './decide';
export { actionEvents, actionItems, actionsOf } from './apply';
export { actionCommandPayloads, actionEventPayloads } from './payloads';
export {
  ACTION_PRIORITIES,
  ActionFieldsSchema,
  ActionItemSchema,
  ActionPrioritySchema,
  ActionSourceSchema,
  DueDateSchema,
  TicketSchema,
  type ActionFields,
  type ActionItem,
  type ActionPriority,
  type ActionSource,
} from './schema';

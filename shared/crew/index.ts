// The crew and its invites as a slice: its commands' decisions and its events' folds.
export { crewCommands } from './decide';
export { crewEvents } from './apply';

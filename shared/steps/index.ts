// The runbook and its steps as a slice: its commands' decisions and its events' folds.
export { stepCommands } from './decide';
export { freshStep, loadRunbook, stepEvents } from './apply';
export { whyNotRemovable } from './removal';
export { firstStartOf } from './time';
export { seenOf, type SeenStep } from './payloads';

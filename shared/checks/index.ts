export * from './schema';
export * from './sqlGuard';
export * from './compare';
export * from './lagHold';
export * from './state';
export * from './rails';
export * from './evaluated';
export * from './attached';
// The slice's tables, which the cutover composes.
export { checkCommands, checkProblem } from './decide';
export { checkEvents } from './apply';

export * from './schema';
export * from './format';
export * from './lag';
export * from './variables';
export * from './render';
export * from './defaultTemplates';
export * from './blocks';
export * from './statusBlocks';
export * from './banner';
export * from './lanes';
export * from './backoff';
export * from './updateLine';
export * from './senders';
// The slice's tables, which the cutover composes.
export { commsCommands } from './decideComms';
export { commsEvents } from './applyComms';

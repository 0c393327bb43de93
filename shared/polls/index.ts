export * from './schema';
export * from './stations';
export * from './awaiting';
export * from './rollbackPlan';
export * from './tally';
export * from './replacing';
export * from './against';
// The slice's tables, which the cutover composes.
export { pollCommands } from './decidePoll';
export { pollEvents } from './applyPoll';

export * from './schema';
export * from './stations';
export * from './rollbackPlan';
export * from './tally';
export * from './replacing';

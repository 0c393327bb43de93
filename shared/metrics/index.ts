export * from './schema';
export * from './format';
export * from './theilSen';
export * from './forecast';
export * from './downsample';
export * from './series';
export * from './alerts';
export * from './pushFormat';
export * from './pushRules';
export * from './constants';
export * from './recentTrend';
export * from './etaBand';
export * from './normalBand';
export * from './watch';
export * from './drainEta';
// The slice's tables, which the cutover composes.
export { seriesCommands } from './decideSeries';
export { seriesEvents } from './applySeries';

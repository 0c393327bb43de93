export * from './schema';
export * from './format';
export * from './theilSen';
export * from './forecast';
export * from './downsample';
export * from './series';
export * from './alerts';
export * from './pushFormat';

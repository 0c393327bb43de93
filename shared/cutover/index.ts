export * from './schema';
export * from './commands';
export * from './events';
export * from './state';
export * from './reducer';
export * from './decide';
export * from './permissions';
export * from './selectors';

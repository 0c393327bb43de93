export * from './messages';
export * from './links';
export * from './writtenAt';
export * from './secretEnv';

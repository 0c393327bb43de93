export * from './messages';
export * from './links';
export * from './writtenAt';

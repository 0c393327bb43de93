export * from './messages';
export * from './links';

export * from './hubClient';
export * from './backoff';
export * from './clockOffset';

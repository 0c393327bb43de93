/*
 * The start screens (desktop and web), the check of a join link and the name prompt a join asks first.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { DesktopStart } from './DesktopStart';
export { JoinGate, useInviteCheck } from './JoinGate';
export { JoinRefused } from './JoinRefused';
export { NamePrompt } from './NamePrompt';
export { WebStart } from './WebStart';

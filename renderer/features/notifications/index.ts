/*
 * Desktop notifications: the hook that raises them, and the browser's permission button.
 * Other features and App import a feature through this file only (eslint.config.js holds it).
 */
export { NotificationPermission } from './NotificationPermission';
export { Notifications, useNotifications } from './useNotifications';

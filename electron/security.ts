import { app, session, shell, type Session, type WebContents } from 'electron';
import { externalLinkTarget, isAllowedNavigation, isPermissionGranted } from './securityRules';

/**
 * App-wide guards, installed before any window exists so every web contents gets them.
 * The decisions themselves live in securityRules.ts; this file only wires them to Electron.
 */
export function setupSecurityGuards(appUrl: string): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appUrl));
  app.on('session-created', denyPermissions);
  app
    .whenReady()
    .then(() => denyPermissions(session.defaultSession))
    .catch((error: unknown) => console.error('Warroom: could not install permission guards', error));
}

function guardWebContents(contents: WebContents, appUrl: string): void {
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const target = externalLinkTarget(url);
    if (target) {
      shell.openExternal(target).catch((error: unknown) => console.error('Warroom: could not open link', error));
    }
    return { action: 'deny' };
  });
}

function denyPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  target.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
}

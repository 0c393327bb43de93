import { describe, expect, it } from 'vitest';
// securityRules.ts has no Electron import: these are the real decisions, not mocks.
import { externalLinkTarget, isAllowedNavigation, isPermissionGranted, isTrustedSender } from '../../../electron/securityRules';

const appUrl = 'file:///opt/Warroom/resources/app.asar/dist/renderer/index.html';

describe('navigation', () => {
  it('allows our own page, also with a fragment', () => {
    expect(isAllowedNavigation(appUrl, appUrl)).toBe(true);
    expect(isAllowedNavigation(`${appUrl}#/runbook`, appUrl)).toBe(true);
  });

  it('denies other files, even next to our page or on another host', () => {
    expect(isAllowedNavigation('file:///etc/passwd', appUrl)).toBe(false);
    expect(isAllowedNavigation('file:///opt/Warroom/resources/app.asar/dist/renderer/other.html', appUrl)).toBe(false);
    expect(isAllowedNavigation('file:///opt/Warroom/resources/app.asar/dist/renderer/', appUrl)).toBe(false);
    expect(isAllowedNavigation('file://evil.example/opt/Warroom/resources/app.asar/dist/renderer/index.html', appUrl)).toBe(false);
  });

  it('denies the web, whatever the address contains', () => {
    expect(isAllowedNavigation('https://example.com/', appUrl)).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:4180/', appUrl)).toBe(false);
    expect(isAllowedNavigation(`https://evil.example/?q=${appUrl}`, appUrl)).toBe(false);
    expect(isAllowedNavigation(`https://evil.example/${appUrl}`, appUrl)).toBe(false);
    expect(isAllowedNavigation(`https://evil.example/#${appUrl}`, appUrl)).toBe(false);
  });

  it('denies scripts, data and garbage', () => {
    expect(isAllowedNavigation('javascript:alert(1)', appUrl)).toBe(false);
    expect(isAllowedNavigation(`javascript:location='${appUrl}'`, appUrl)).toBe(false);
    expect(isAllowedNavigation('data:text/html,<h1>hi</h1>', appUrl)).toBe(false);
    expect(isAllowedNavigation('not a url', appUrl)).toBe(false);
    expect(isAllowedNavigation('', appUrl)).toBe(false);
  });

  it('denies everything when our own address is not a file URL', () => {
    expect(isAllowedNavigation('https://example.com/', 'https://example.com/')).toBe(false);
  });
});

describe('IPC senders', () => {
  it('trusts only frames showing our own page', () => {
    expect(isTrustedSender(appUrl, appUrl)).toBe(true);
    expect(isTrustedSender('https://evil.example/index.html', appUrl)).toBe(false);
    expect(isTrustedSender(`https://evil.example/?next=${appUrl}`, appUrl)).toBe(false);
  });

  it('does not trust a frame that is gone', () => {
    expect(isTrustedSender(undefined, appUrl)).toBe(false);
    expect(isTrustedSender(null, appUrl)).toBe(false);
  });
});

describe('external links', () => {
  it('hands http and https links to the system browser, normalised', () => {
    expect(externalLinkTarget('https://status.example.com/maintenance')).toBe('https://status.example.com/maintenance');
    expect(externalLinkTarget('http://example.com')).toBe('http://example.com/');
    expect(externalLinkTarget('HTTPS://Example.COM/a')).toBe('https://example.com/a');
  });

  it('keeps every other scheme inside', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      appUrl,
      'data:text/html,hi',
      'mailto:cto@example.com',
      'smb://fileserver/share',
      'ms-msdt:/id PCWDiagnostic',
      'vscode://file/etc/passwd',
      'warroom://open',
    ]) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });

  it('keeps garbage inside', () => {
    expect(externalLinkTarget('')).toBeNull();
    expect(externalLinkTarget('example.com')).toBeNull();
    expect(externalLinkTarget('//example.com/')).toBeNull();
  });
});

describe('permissions', () => {
  it('denies every permission the page asks for', () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(isPermissionGranted(permission)).toBe(false);
    }
  });
});

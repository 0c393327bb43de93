import { describe, expect, it } from 'vitest';
import { desktopJoinLink } from '@shared/protocol';
import { joinLinkFromArgv, LinkInbox, setupDeepLinks, type DeepLinkApp } from '../../../electron/deepLinks';

const link = desktopJoinLink({ hub: 'http://192.168.1.23:7410', cutoverId: 'c-0a1b2c3d4e', token: 'tok_en-123' });

describe('a join link among the arguments', () => {
  it('is found wherever the OS puts it (Windows and Linux pass it to a new process)', () => {
    expect(joinLinkFromArgv(['C:\\Program Files\\Warroom\\Warroom.exe', '--allow-file-access-from-files', link])).toBe(link);
    expect(joinLinkFromArgv(['/opt/Warroom/warroom', link, '--no-sandbox'])).toBe(link);
    expect(joinLinkFromArgv(['electron', '.', link.replace('warroom:', 'WARROOM:')])).toBe(link.replace('warroom:', 'WARROOM:'));
  });

  it('is null when there is none, or only something that looks like one', () => {
    expect(joinLinkFromArgv(['/opt/Warroom/warroom'])).toBeNull();
    expect(joinLinkFromArgv(['warroom://join?c=c-1'])).toBeNull(); // no hub, no token
    expect(joinLinkFromArgv(['warroom://join?hub=file%3A%2F%2F%2Fetc&c=c-1&t=x'])).toBeNull();
    expect(joinLinkFromArgv(['https://hub.example/#/join?c=c-1&t=x'])).toBeNull(); // web links open in a browser
    expect(joinLinkFromArgv([`${link}&pad=${'x'.repeat(2000)}`])).toBeNull(); // longer than the push allows
  });
});

describe('the link inbox', () => {
  it('keeps links until the window is ready, then delivers them in order, later ones at once', () => {
    const inbox = new LinkInbox();
    const got: string[] = [];
    inbox.receive('a');
    inbox.receive('b');
    inbox.receive('a');
    inbox.attach((l) => got.push(l));
    expect(got).toEqual(['b', 'a']);
    inbox.receive('c');
    expect(got).toEqual(['b', 'a', 'c']);
    inbox.detach();
    inbox.receive('d');
    expect(got).toEqual(['b', 'a', 'c']);
  });
});

describe('registering warroom://', () => {
  function fakeApp() {
    const listeners = new Map<string, (...args: never[]) => void>();
    const registered: unknown[][] = [];
    const app: DeepLinkApp = {
      setAsDefaultProtocolClient: (...args: unknown[]) => registered.push(args) > 0,
      on: (event: string, listener: (...args: never[]) => void) => listeners.set(event, listener),
    };
    return { app, listeners, registered };
  }

  it('routes the launch link, macOS open-url and a second launch into the inbox', () => {
    const { app, listeners, registered } = fakeApp();
    const inbox = new LinkInbox();
    const got: string[] = [];
    let revealed = 0;
    setupDeepLinks(app, { argv: ['/opt/Warroom/warroom', link], defaultApp: false, execPath: '/opt/Warroom/warroom' }, inbox, () => revealed++);
    expect(registered).toEqual([['warroom']]);
    inbox.attach((l) => got.push(l));
    let prevented = false;
    (listeners.get('open-url') as (e: { preventDefault(): void }, url: string) => void)({ preventDefault: () => (prevented = true) }, `${link}2`);
    (listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, ['/opt/Warroom/warroom', `${link}3`]);
    (listeners.get('second-instance') as (e: unknown, argv: string[]) => void)({}, ['/opt/Warroom/warroom']);
    expect(got).toEqual([link, `${link}2`, `${link}3`]);
    expect(prevented).toBe(true);
    expect(revealed).toBe(3);
  });

  it('tells the OS which script to run when started as `electron .`', () => {
    const { app, registered } = fakeApp();
    setupDeepLinks(
      app,
      { argv: ['/usr/lib/electron/electron', '.'], defaultApp: true, execPath: '/usr/lib/electron/electron' },
      new LinkInbox(),
      () => undefined,
    );
    expect(registered).toEqual([['warroom', '/usr/lib/electron/electron', [process.cwd()]]]);
  });
});

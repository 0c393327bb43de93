import { resolve } from 'node:path';
import { parseJoinLink } from '@shared/protocol';

/** warroom://join?hub=…&c=…&t=… opens the app on a cutover (see shared/protocol/links.ts). */
export const LINK_SCHEME = 'warroom';
/** The push contract's limit for `join:link`. */
const MAX_LINK = 2000;

/**
 * The join link among a process's arguments (Windows and Linux hand the URL to a new
 * process; a second instance forwards its argv to the first). Only a well-formed join link
 * counts: anything else that happens to start with warroom: is ignored.
 */
export function joinLinkFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (arg.length <= MAX_LINK && /^warroom:/i.test(arg) && parseJoinLink(arg)) return arg;
  }
  return null;
}

/**
 * Holds join links until the window can take them: a link can arrive before the window
 * exists (the link that launched the app) or while it reloads.
 */
export class LinkInbox {
  private queued: string[] = [];
  private deliver: ((link: string) => void) | null = null;

  receive(link: string): void {
    if (this.deliver) this.deliver(link);
    // A few are plenty: a user clicking the same invite repeatedly must not pile them up.
    else this.queued = [...this.queued.filter((l) => l !== link), link].slice(-5);
  }

  /** The window is ready: everything queued goes now, later links straight away. */
  attach(deliver: (link: string) => void): void {
    this.deliver = deliver;
    const queued = this.queued;
    this.queued = [];
    for (const link of queued) deliver(link);
  }

  detach(): void {
    this.deliver = null;
  }
}

/** The part of Electron's `app` used here. */
export type DeepLinkApp = {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
};

export type Launch = {
  argv: readonly string[];
  /** `process.defaultApp`: run as `electron .`, where the OS must be told which script to start. */
  defaultApp: boolean;
  execPath: string;
};

/**
 * Registers warroom:// and routes every way a link arrives into the inbox: the launch's
 * own argv, macOS's `open-url`, and a second launch's argv (Windows, Linux). `reveal`
 * brings the window forward. Must run before `ready`: macOS sends `open-url` early.
 */
export function setupDeepLinks(app: DeepLinkApp, launch: Launch, inbox: LinkInbox, reveal: () => void): void {
  const script = launch.argv[1];
  const registered =
    launch.defaultApp && script ? app.setAsDefaultProtocolClient(LINK_SCHEME, launch.execPath, [resolve(script)]) : app.setAsDefaultProtocolClient(LINK_SCHEME);
  if (!registered) console.warn('Warroom: could not register warroom:// links with the system');
  const take = (link: string | null): void => {
    if (!link) return;
    inbox.receive(link);
    reveal();
  };
  take(joinLinkFromArgv(launch.argv.slice(1)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    take(joinLinkFromArgv([url]));
  });
  app.on('second-instance', (_event, argv) => take(joinLinkFromArgv(argv.slice(1))));
}

import type { Role } from '@shared/cutover';
import type { HubStatus } from '@shared/ipc/contract';
import { desktopJoinLink, webJoinLink } from '@shared/protocol';
import { crewHost, hubUrl, isWildcard, listenErrorSentence, localHost, probeListen, type NetworkInterfaces } from './hostAddress';
import type { Hub } from './hub/hub';
import type { LocalHub } from './memberships';

export type HostingDeps = {
  /** Starts the hub on this desktop's data folder (always the same one), listening where asked. */
  startHub: (listen: { host: string; port: number }) => Promise<Hub>;
  networkInterfaces: NetworkInterfaces;
  clipboard: { writeText(text: string): void };
  now: () => number;
  /** Checks an address is free before the running hub is stopped for it. */
  probe?: (host: string, port: number) => Promise<void>;
  log?: (message: string) => void;
};

export type InviteRequest = { cutoverId: string; role: Role; station: string; kind: 'web' | 'desktop' };
export type InviteResult = { copied: boolean; reason: string | null };

type Running = { hub: Hub; mode: 'solo' | 'team'; host: string };

/** Solo: loopback only, any free port. The crew cannot reach it; this desktop can. */
const SOLO = { host: '127.0.0.1', port: 0 };
const STAYS_SOLO = 'The hub stays solo: only this computer can connect.';

/**
 * The hub inside the desktop app. Solo by default; "host for the team" restarts it on an
 * address the user picks, over the same data folder, so every cutover comes along. Any
 * failure to host ends back in solo with a sentence saying why. Switches run one at a
 * time: two clicks never start two hubs on the same journals.
 */
export class Hosting {
  private running: Running | null = null;
  private error: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: HostingDeps) {}

  status(): HubStatus {
    const r = this.running;
    if (!r) return { mode: 'stopped', url: null, error: this.error };
    return { mode: r.mode, url: hubUrl(crewHost(r.host, this.deps.networkInterfaces) ?? localHost(r.host), r.hub.port), error: this.error };
  }

  /** The hub and the address this desktop's own window uses for it (loopback if it listens everywhere). */
  local(): LocalHub | null {
    const r = this.running;
    return r ? { hub: r.hub, url: hubUrl(localHost(r.host), r.hub.port) } : null;
  }

  startSolo(): Promise<HubStatus> {
    return this.serial(async () => {
      this.error = null;
      if (this.running?.mode !== 'solo') await this.switchTo(SOLO, 'solo');
      return this.status();
    });
  }

  solo(): Promise<HubStatus> {
    return this.startSolo();
  }

  host(listen: { host: string; port: number }): Promise<HubStatus> {
    return this.serial(async () => {
      const r = this.running;
      if (r?.mode === 'team' && r.host === listen.host && r.hub.port === listen.port) return this.status();
      try {
        await (this.deps.probe ?? probeListen)(listen.host, listen.port);
      } catch (error) {
        return this.backToSolo(listenErrorSentence(error, listen.host, listen.port));
      }
      try {
        await this.switchTo(listen, 'team', true);
        this.error =
          isWildcard(listen.host) && !crewHost(listen.host, this.deps.networkInterfaces)
            ? 'The hub listens on every interface, but this computer has no network address the crew could reach.'
            : null;
        return this.status();
      } catch (error) {
        // Taken between the check and the start: rare, and handled the same way.
        return this.backToSolo(listenErrorSentence(error, listen.host, listen.port));
      }
    });
  }

  /**
   * Mints an invite for a cutover this hub holds and puts its join link on the clipboard.
   * The token goes from the hub to the clipboard only: the renderer never sees it.
   */
  copyInvite(request: InviteRequest): Promise<InviteResult> {
    return this.serial(async (): Promise<InviteResult> => {
      const r = this.running;
      if (!r) return { copied: false, reason: 'Warroom’s own hub is not running.' };
      if (r.mode !== 'team')
        return { copied: false, reason: 'The hub is solo, so only this computer can reach it: host for the team first, then copy the invite.' };
      const host = crewHost(r.host, this.deps.networkInterfaces);
      if (!host) return { copied: false, reason: 'This computer has no network address the crew could reach.' };
      // A link copied here is minted for the one person it is sent to ("send it only to that
      // person"): it lets in the first who joins by it, so a role given to them stays theirs.
      const issued = await r.hub.issueInvite(request.cutoverId, request.role, { station: request.station, singleUse: true });
      if (!issued) return { copied: false, reason: 'This cutover is not on this computer’s hub: ask whoever hosts it for an invite.' };
      const { token } = issued;
      const target = { hub: hubUrl(host, r.hub.port), cutoverId: request.cutoverId, token };
      this.deps.clipboard.writeText(request.kind === 'web' ? webJoinLink(target) : desktopJoinLink(target));
      return { copied: true, reason: null };
    });
  }

  /** Closes the journals cleanly (a final snapshot); used when the app quits. */
  close(): Promise<void> {
    return this.serial(() => this.stop());
  }

  /** After a failed attempt to host: solo again (unless already), and the reason shown. */
  private async backToSolo(why: string): Promise<HubStatus> {
    if (this.running?.mode !== 'solo') await this.switchTo(SOLO, 'solo');
    // If even solo failed, switchTo left its own reason in `error`: both are shown.
    this.error = this.running ? `${why} ${STAYS_SOLO}` : `${why} ${this.error ?? ''}`.trim();
    return this.status();
  }

  /** Stops the running hub and starts one on `listen`. In solo, a failure leaves it stopped. */
  private async switchTo(listen: { host: string; port: number }, mode: Running['mode'], rethrow = false): Promise<void> {
    await this.stop();
    try {
      this.running = { hub: await this.deps.startHub(listen), mode, host: listen.host };
    } catch (error) {
      if (rethrow) throw error;
      this.error = `Warroom’s own hub could not start: ${(error as Error).message}`;
      this.deps.log?.(this.error);
    }
  }

  private async stop(): Promise<void> {
    const r = this.running;
    this.running = null;
    if (!r) return;
    await r.hub.close().catch((error: unknown) => this.deps.log?.(`The hub did not close cleanly: ${(error as Error).message}`));
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

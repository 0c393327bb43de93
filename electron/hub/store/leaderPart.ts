import type { InviteStore } from '../auth/tokens';
import type { CutoverRuntime } from '../cutovers/cutoverRuntime';
import { stopParts, type CutoverPart } from '../cutovers/parts';
import type { LeaseHandler } from './backend';

export type LeaderPartDeps = {
  id: string;
  lead: (cutoverId: string, handler: LeaseHandler) => { stop: () => Promise<void> };
  runtime: Pick<CutoverRuntime, 'syncWithPeers' | 'subscribe'>;
  invites: Pick<InviteStore, 'load'>;
  /** The side effects to run while this hub holds the lease: fresh ones each time it gains it. */
  sideEffects: () => CutoverPart[];
  /** While another hub runs them: follows the readings it stores (live charts for the clients here). Answers a way to stop. */
  followSamples: () => () => void;
  /** Once, the first time this hub holds the lease, after catching up (recording the outage before it). */
  firstLead: () => Promise<void>;
  /** Another hub stored a secret: the vault is read again (the leader's sources and outbox need it). */
  secretsChanged: () => Promise<void>;
  log: (m: string) => void;
};

/**
 * A cutover's side effects on a hub of several: they run only while this hub holds the
 * cutover's lease. On taking it, the hub first folds everything the others stored, then
 * starts them, so they resume from the table exactly as a restarted hub resumes from its
 * journal (the outbox from its delivery events, deadlines from the polls, alerts from the
 * series). Every hub also re-reads the invites when another hub's invite is recorded, so a
 * token minted anywhere opens a socket everywhere.
 */
export function leaderPart(deps: LeaderPartDeps): CutoverPart {
  let running: CutoverPart[] = [];
  let lease: { stop: () => Promise<void> } | null = null;
  let unsubscribe: (() => void) | null = null;
  let unfollow: (() => void) | null = null;
  let ledBefore = false;
  return {
    start() {
      unsubscribe = deps.runtime.subscribe((events) => {
        if (events.some((e) => e.type === 'invite.created' || e.type === 'invite.revoked'))
          deps.invites.load().catch((e: unknown) => deps.log(`invites could not be re-read: ${(e as Error).message}`));
        if (events.some((e) => e.type === 'secret.stored'))
          deps.secretsChanged().catch((e: unknown) => deps.log(`the vault could not be re-read: ${(e as Error).message}`));
      });
      unfollow = deps.followSamples();
      lease = deps.lead(deps.id, {
        gained: async () => {
          unfollow?.();
          unfollow = null;
          await deps.runtime.syncWithPeers();
          if (!ledBefore) {
            ledBefore = true;
            await deps.firstLead().catch((e: unknown) => deps.log(`the outage could not be recorded: ${(e as Error).message}`));
          }
          running = deps.sideEffects();
          for (const p of running) await p.start();
          deps.log('this hub now runs its side effects (pollers, alerts, outbox, deadlines)');
        },
        lost: async () => {
          const parts = running;
          running = [];
          await stopParts(parts, async () => undefined);
          unfollow ??= deps.followSamples();
          deps.log('this hub no longer runs its side effects');
        },
      });
    },
    async stop() {
      unsubscribe?.();
      unfollow?.();
      await lease?.stop();
    },
  };
}

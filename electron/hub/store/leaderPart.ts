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
  /**
   * Each time this hub takes the lease, after catching up and before its side effects start:
   * puts on the record the time nobody ran them, if it was more than a hand-over.
   */
  tookOver: () => Promise<void>;
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
 *
 * Gaining and losing take turns (one waits for the other), and the lease can go while it is
 * being taken (the session drops during the catch-up): each gain carries the generation it
 * began in and gives up, stopping what it started, as soon as the lease moved on. So no side
 * effect ever runs without the lease, and never two sets of them at once (two outboxes would
 * post every message twice).
 */
export function leaderPart(deps: LeaderPartDeps): CutoverPart {
  let running: CutoverPart[] = [];
  let lease: { stop: () => Promise<void> } | null = null;
  let unsubscribe: (() => void) | null = null;
  let unfollow: (() => void) | null = null;
  /** Moves on at every gain and every loss: a gain under way that sees it moved lets go. */
  let generation = 0;
  /** Set once the cutover closes here: nothing starts again (a loss heard late follows no readings). */
  let stopped = false;
  let turn: Promise<void> = Promise.resolve();
  const inTurn = (step: () => Promise<void>): Promise<void> => {
    const next = turn.then(step);
    turn = next.catch(() => undefined);
    return next;
  };

  const stopRunning = async () => {
    const parts = running;
    running = [];
    if (parts.length > 0) await stopParts(parts, async () => undefined);
  };

  const gain = async (gen: number) => {
    const current = () => gen === generation && !stopped;
    // Never two sets: whatever an earlier lease left running stops before anything new starts.
    await stopRunning();
    unfollow?.();
    unfollow = null;
    await deps.runtime.syncWithPeers();
    if (!current()) return;
    await deps.tookOver().catch((e: unknown) => deps.log(`the time without a hub running the night could not be recorded: ${(e as Error).message}`));
    if (!current()) return;
    const parts = deps.sideEffects();
    const started: CutoverPart[] = [];
    try {
      for (const p of parts) {
        started.push(p);
        await p.start();
        if (!current()) break;
      }
    } catch (e) {
      await stopParts(started, async () => undefined);
      throw e;
    }
    // Lost while they started: they stop here, unowned parts must not run a moment longer.
    if (!current()) return void (await stopParts(started, async () => undefined));
    running = parts;
    deps.log('this hub now runs its side effects (pollers, alerts, outbox, deadlines)');
  };

  const letGo = async () => {
    const had = running.length > 0;
    await stopRunning();
    if (!stopped) unfollow ??= deps.followSamples();
    if (had) deps.log('this hub no longer runs its side effects');
  };

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
        gained: () => {
          const gen = ++generation;
          return inTurn(() => gain(gen));
        },
        lost: () => {
          generation++;
          return inTurn(letGo);
        },
      });
    },
    async stop() {
      unsubscribe?.();
      stopped = true;
      await lease?.stop();
      unfollow?.();
      unfollow = null;
    },
  };
}

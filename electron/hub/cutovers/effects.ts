import type { CommandOf, CommandType, NewEvent } from '@shared/cutover';
import type { InviteLinks } from '../auth/inviteLinks';
import type { InviteStore, IssuedInvite } from '../auth/tokens';
import type { SecretVault } from '../secrets/vault';

/**
 * Work a command needs done outside the journal before its events are appended (minting
 * an invite's token, storing a secret). Its answer goes back to the sender only, never into
 * an event: a token or a secret in the journal would be in every archive.
 */
export type CommandEffect<T extends CommandType = CommandType> = (events: NewEvent[], command: CommandOf<T>) => Promise<unknown>;

/** The hub-only side of each command that has one, keyed by command type. */
export type EffectTable = { [T in CommandType]?: CommandEffect<T> };

export type EffectDeps = { invites: InviteStore; secrets: SecretVault; now: () => number; links?: InviteLinks };

/**
 * The token for the invite an `invite.created` event describes: stored hashed, returned to
 * whoever asked only. The one place a token is minted, for the lead's command and for the
 * hub's own invites (a new cutover's, the desktop's "copy invite") alike.
 */
export async function mintInvite(deps: EffectDeps, events: NewEvent[]): Promise<IssuedInvite> {
  const e = events.find((x) => x.type === 'invite.created');
  if (e?.type !== 'invite.created') throw new Error('invite.create produced no invite');
  const { id, role, station, label } = e.payload.invite;
  const issued = await deps.invites.issue(role, { id, station, label, now: deps.now() });
  // Encrypted in the vault for "copy link again" (auth/inviteLinks.ts); without a key, shown once.
  await deps.links?.keep(id, issued.token);
  return issued;
}

/** The effect a command has, if any, with its command bound. */
export function effectFor<T extends CommandType>(table: EffectTable, command: CommandOf<T>): ((events: NewEvent[]) => Promise<unknown>) | undefined {
  const effect: CommandEffect<T> | undefined = table[command.type];
  return effect && ((events) => effect(events, command));
}

export function hubEffects(deps: EffectDeps): EffectTable {
  return {
    // The lead's ack carries the token; the event carries only the invite.
    'invite.create': async (events) => {
      const { invite, token } = await mintInvite(deps, events);
      return { inviteId: invite.id, token };
    },
    'secret.set': (_events, command) => deps.secrets.set(command.payload.name, command.payload.value),
  };
}

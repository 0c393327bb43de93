import type { HubVault } from '../secrets/vault';

/**
 * The tokens of a cutover's live invites, kept so the lead can copy a link again while it is
 * valid. Why here: `invites.json` holds only hashes (a token cannot be shown again from one),
 * and the browser keeping it would put it in plaintext in the page's storage. So the hub
 * keeps it in its encrypted vault (AES-256-GCM, the hub's key), hands it only to a lead over
 * an authenticated request, and forgets it when the invite is revoked or its one person has
 * joined. A hub with no key keeps none: the invite works, its link is shown once.
 *
 * The names (`invite-links/<cutover>/<invite>`) are outside every cutover's own secrets
 * (`<cutover>/<name>`), so no `secret.set` and no lag source can read or replace one.
 */
export class InviteLinks {
  constructor(
    private readonly vault: Pick<HubVault, 'get' | 'set' | 'delete' | 'problem'>,
    private readonly cutoverId: string,
  ) {}

  private name(inviteId: string): string {
    return `invite-links/${this.cutoverId}/${inviteId}`;
  }

  /** Keeps a token; false when this hub cannot keep secrets (then the link is shown once). */
  async keep(inviteId: string, token: string): Promise<boolean> {
    try {
      await this.vault.set(this.name(inviteId), token);
      return true;
    } catch {
      return false;
    }
  }

  token(inviteId: string): string | undefined {
    return this.vault.get(this.name(inviteId));
  }

  async forget(inviteIds: readonly string[]): Promise<void> {
    for (const id of inviteIds) await this.vault.delete(this.name(id)).catch(() => undefined);
  }
}

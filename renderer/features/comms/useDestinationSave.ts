import { useState } from 'react';
import type { CommsConfig } from '@shared/comms';
import { useCutover } from '../../connection/cutoverStore';

export type SaveNote = { ok: boolean; text: string };

export type SecretInput = { name: string; input: HTMLInputElement | null };

/**
 * The hub's reason for the refusal `send` just met, taken off the screen's list of refusals:
 * it is shown beside the form instead, where the person who pressed Save is looking.
 */
function takeRefusal(type: string): string | null {
  const { refusals, dismissRefusal } = useCutover.getState();
  const refusal = refusals.findLast((r) => r.type === type);
  if (!refusal) return null;
  dismissRefusal(refusal.id);
  return refusal.reason;
}

/**
 * Saving a destination: its secrets first (those typed), then the config that names them.
 * Each secret is read from its field and the field cleared at once: it lives only in this
 * call, never in component state, and is never logged.
 */
export function useDestinationSave() {
  const send = useCutover((s) => s.send);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<SaveNote | null>(null);

  const configure = async (patch: (config: CommsConfig) => CommsConfig, secrets: readonly SecretInput[] = []) => {
    setBusy(true);
    setNote(null);
    const typed = secrets.flatMap(({ name, input }) => {
      const value = input?.value.trim() ?? '';
      if (input) input.value = '';
      return value ? [{ name, value }] : [];
    });
    for (const secret of typed) {
      const stored = await send('secret.set', secret);
      if (!stored) {
        setBusy(false);
        const reason = takeRefusal('secret.set');
        setNote({ ok: false, text: `The hub did not store the secret, so nothing was changed. ${reason ?? ''}`.trim() });
        return;
      }
    }
    // The config as it is now, not as it was when the form was drawn.
    const ok = await send('comms.configure', { config: patch(useCutover.getState().state.comms.config) });
    setBusy(false);
    setNote(
      ok
        ? {
            ok: true,
            text: typed.length > 1 ? 'Saved; the secrets are stored on the hub.' : typed.length === 1 ? 'Saved; the secret is stored on the hub.' : 'Saved.',
          }
        : { ok: false, text: `Not saved. ${takeRefusal('comms.configure') ?? 'The hub did not answer.'}` },
    );
  };

  return { busy, note, configure };
}

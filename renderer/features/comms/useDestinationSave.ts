import { useState } from 'react';
import type { CommsConfig } from '../../../shared/comms';
import { useCutover } from '../../connection/cutoverStore';

export type SaveNote = { ok: boolean; text: string };

/**
 * Saving a destination: the secret first (when one was typed), then the config that names
 * it. The secret is read from its field and the field cleared at once: it lives only in
 * this call, never in component state, and is never logged.
 */
export function useDestinationSave() {
  const send = useCutover((s) => s.send);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<SaveNote | null>(null);

  const configure = async (patch: (config: CommsConfig) => CommsConfig, secret?: { name: string; input: HTMLInputElement | null }) => {
    setBusy(true);
    setNote(null);
    const value = secret?.input?.value.trim() ?? '';
    if (secret?.input) secret.input.value = '';
    if (secret && value) {
      const stored = await send('secret.set', { name: secret.name, value });
      if (!stored) {
        setBusy(false);
        setNote({ ok: false, text: 'The hub did not store the secret, so nothing was changed. Its reason is at the bottom of the screen.' });
        return;
      }
    }
    // The config as it is now, not as it was when the form was drawn.
    const ok = await send('comms.configure', { config: patch(useCutover.getState().state.comms.config) });
    setBusy(false);
    setNote(ok ? { ok: true, text: value ? 'Saved; the secret is stored on the hub.' : 'Saved.' } : { ok: false, text: 'Not saved. The hub’s reason is at the bottom of the screen.' });
  };

  return { busy, note, configure };
}

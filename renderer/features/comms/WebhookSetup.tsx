import { useRef, useState, type FormEvent } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { SECRET_NAMES } from './commsView';
import { SaveNoteLine } from './SaveNoteLine';
import { SecretField } from './SecretField';
import { TestConnection } from './TestConnection';
import { useDestinationSave } from './useDestinationSave';

/** A webhook of your own: each update POSTed, signed with the secret (stored as "webhook-secret"). */
export function WebhookSetup() {
  const webhook = useCutover((s) => s.state.comms.config.webhook);
  const stored = useCutover((s) => s.state.secretNames.includes(SECRET_NAMES.webhook));
  const [url, setUrl] = useState(webhook?.url ?? '');
  const secret = useRef<HTMLInputElement>(null);
  const { busy, note, configure } = useDestinationSave();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const hook = { url: url.trim(), signingSecret: SECRET_NAMES.webhook };
    void configure((c) => ({ ...c, webhook: hook }), { name: SECRET_NAMES.webhook, input: secret.current });
  };

  return (
    <form className="comms-setup__dest" aria-label="Webhook" onSubmit={save}>
      <h4>Webhook {webhook && <span className="comms-setup__on">set up</span>}</h4>
      <label className="field">
        <span>URL</span>
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://status.example.com/hooks/warroom" />
      </label>
      <SecretField label="Signing secret" name={SECRET_NAMES.webhook} stored={stored} inputRef={secret} placeholder="Shared with the receiver" />
      <div className="comms-setup__actions">
        <button type="submit" className="primary" disabled={busy || !url.trim()}>{busy ? 'Saving…' : 'Save webhook'}</button>
        <TestConnection destination="webhook" configured={webhook !== null} />
        {webhook && <button type="button" className="danger" disabled={busy} onClick={() => void configure((c) => ({ ...c, webhook: null }))}>Turn off</button>}
      </div>
      <SaveNoteLine note={note} />
    </form>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { httpHost, SECRET_NAMES, webhookHost } from './commsView';
import { SaveNoteLine } from './SaveNoteLine';
import { SecretField } from './SecretField';
import { TestConnection } from './TestConnection';
import { useDestinationSave } from './useDestinationSave';

/**
 * A webhook of your own: each update POSTed, signed with the secret. Its URL is a secret too
 * (stored as "webhook-url"): such URLs often carry their own token. The config keeps its host.
 */
export function WebhookSetup() {
  const webhook = useCutover((s) => s.state.comms.config.webhook);
  const names = useCutover((s) => s.state.secretNames);
  const url = useRef<HTMLInputElement>(null);
  const secret = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, note, configure } = useDestinationSave();
  const urlStored = names.includes(SECRET_NAMES.webhookUrl) && webhook !== null && !('url' in webhook);
  const shownHost = webhook ? webhookHost(webhook) : null;

  const save = (e: FormEvent) => {
    e.preventDefault();
    const typed = url.current?.value.trim() ?? '';
    const host = typed ? httpHost(typed) : shownHost;
    if (!host || (!typed && !urlStored)) {
      setProblem(typed ? 'That is not an http(s) address: paste the full https:// URL.' : 'Paste the webhook’s URL.');
      return;
    }
    setProblem(null);
    const hook = { host, urlSecret: SECRET_NAMES.webhookUrl, signingSecret: SECRET_NAMES.webhook };
    void configure(
      (c) => ({ ...c, webhook: hook }),
      [
        { name: SECRET_NAMES.webhookUrl, input: url.current },
        { name: SECRET_NAMES.webhook, input: secret.current },
      ],
    );
  };

  return (
    <form className="comms-setup__dest" aria-label="Webhook" onSubmit={save}>
      <h4>Webhook {webhook && <span className="comms-setup__on">set up{shownHost ? `: ${shownHost}` : ''}</span>}</h4>
      <SecretField
        label="URL"
        name={SECRET_NAMES.webhookUrl}
        stored={urlStored}
        inputRef={url}
        placeholder="https://status.example.com/hooks/warroom"
        testId="webhook-url"
      />
      <SecretField
        label="Signing secret"
        name={SECRET_NAMES.webhook}
        stored={names.includes(SECRET_NAMES.webhook)}
        inputRef={secret}
        placeholder="Shared with the receiver"
        testId="webhook-secret"
      />
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="comms-setup__actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save webhook'}
        </button>
        <TestConnection destination="webhook" configured={webhook !== null} />
        {webhook && (
          <button type="button" className="danger" disabled={busy} onClick={() => void configure((c) => ({ ...c, webhook: null }))}>
            Turn off
          </button>
        )}
      </div>
      <SaveNoteLine note={note} />
    </form>
  );
}

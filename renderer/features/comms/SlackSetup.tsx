import { useRef, useState, type FormEvent } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { SECRET_NAMES } from './commsView';
import { SaveNoteLine } from './SaveNoteLine';
import { SecretField } from './SecretField';
import { TestConnection } from './TestConnection';
import { useDestinationSave } from './useDestinationSave';

/** The Slack channel, the bot token (stored on the hub as "slack-token"), and how messages are posted. */
export function SlackSetup() {
  const slack = useCutover((s) => s.state.comms.config.slack);
  const stored = useCutover((s) => s.state.secretNames.includes(SECRET_NAMES.slack));
  const [channel, setChannel] = useState(slack?.channel ?? '');
  const [threaded, setThreaded] = useState(slack?.threaded ?? false);
  const [living, setLiving] = useState(slack?.livingStatus ?? true);
  const [pin, setPin] = useState(slack?.pinStatus ?? false);
  const token = useRef<HTMLInputElement>(null);
  const { busy, note, configure } = useDestinationSave();

  const save = (e: FormEvent) => {
    e.preventDefault();
    const slackConfig = { channel: channel.trim(), tokenSecret: SECRET_NAMES.slack, threaded, livingStatus: living, pinStatus: pin };
    void configure((c) => ({ ...c, slack: slackConfig }), [{ name: SECRET_NAMES.slack, input: token.current }]);
  };

  return (
    <form className="comms-setup__dest" aria-label="Slack" onSubmit={save}>
      <h4>Slack {slack && <span className="comms-setup__on">set up: {slack.channel}</span>}</h4>
      <label className="field">
        <span>Channel</span>
        <input
          data-testid="slack-channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value)}
          placeholder="#cutover, or a channel id like C0123ABCD"
          required
          maxLength={80}
        />
      </label>
      <SecretField label="Bot token" name={SECRET_NAMES.slack} stored={stored} inputRef={token} placeholder="xoxb-…" testId="slack-token" />
      <div className="comms-setup__checks">
        <label className="toggle">
          <input type="checkbox" checked={threaded} onChange={(e) => setThreaded(e.target.checked)} /> Reply in one thread
        </label>
        <label className="toggle">
          <input type="checkbox" checked={living} onChange={(e) => setLiving(e.target.checked)} /> Living status message
        </label>
        <label className="toggle">
          <input type="checkbox" checked={pin} disabled={!living} onChange={(e) => setPin(e.target.checked)} /> Pin it
        </label>
      </div>
      <div className="comms-setup__actions">
        <button type="submit" className="primary" data-testid="slack-save" disabled={busy || !channel.trim()}>
          {busy ? 'Saving…' : 'Save Slack'}
        </button>
        <TestConnection destination="slack" configured={slack !== null} />
        {slack && (
          <button type="button" className="danger" disabled={busy} onClick={() => void configure((c) => ({ ...c, slack: null }))}>
            Turn off
          </button>
        )}
      </div>
      <SaveNoteLine note={note} />
    </form>
  );
}

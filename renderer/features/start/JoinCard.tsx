import { useState, type FormEvent } from 'react';
import { cutoverHash, navigate } from '../../lib/route';
import { LinkJoinPrompt, type LinkJoin } from './LinkJoinPrompt';

/** Join a cutover hosted elsewhere, with the link the lead sent. */
export function JoinCard() {
  const bridge = window.warroom!;
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  /** The link would replace the access this desktop keeps for that night: asked first (memberships.ts). */
  const [asking, setAsking] = useState<Extract<LinkJoin, { kind: 'replace' }> | null>(null);
  const join = async (replace: boolean) => {
    const r = await bridge.membership.join({ link, replace });
    if (r.ok) return navigate(cutoverHash(r.membership.hub, r.membership.cutoverId));
    if (r.replace && !replace) return setAsking({ kind: 'replace', link, ...r.replace });
    setError(r.errors.map((x) => x.message).join('; '));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    await join(false);
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <h2>Join by link</h2>
      <label className="field">
        <span>Join link</span>
        <input value={link} onChange={(e) => setLink(e.target.value)} placeholder="warroom://join?… or http://…/#/join?…" />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={!link.trim()}>
        Join
      </button>
      {asking && (
        <LinkJoinPrompt
          state={asking}
          onReplace={async () => {
            setAsking(null);
            await join(true);
          }}
          onClose={() => setAsking(null)}
        />
      )}
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { cutoverHash, navigate } from '../../lib/route';

/** Join a cutover hosted elsewhere, with the link the lead sent. */
export function JoinCard() {
  const bridge = window.warroom!;
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await bridge.membership.join({ link });
    if (r.ok) navigate(cutoverHash(r.membership.hub, r.membership.cutoverId));
    else setError(r.errors.map((x) => x.message).join('; '));
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
    </form>
  );
}

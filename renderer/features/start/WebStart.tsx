import { useState, type FormEvent } from 'react';
import { parseJoinLink } from '@shared/protocol';
import { navigate } from '../../lib/route';

/** In a browser, the way in is the join link the lead sent. */
export function WebStart() {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = parseJoinLink(link);
    if (!target) return setError('That is not a Warroom join link. It looks like http://hub:7410/#/join?c=…&t=…');
    if (target.hub !== window.location.origin) return setError(`This link is for another hub (${target.hub}); open it directly.`);
    navigate(`#/join?c=${encodeURIComponent(target.cutoverId)}&t=${encodeURIComponent(target.token)}`);
  };
  return (
    <main className="start">
      <h1 className="start__title">Warroom</h1>
      <p className="start__lede">Runbook, live lag and go/no-go decisions for the night of a cutover.</p>
      <form className="card" onSubmit={submit}>
        <label className="field">
          <span>Paste the join link the lead sent you</span>
          <input autoFocus value={link} onChange={(e) => setLink(e.target.value)} placeholder="http://…/#/join?c=…&t=…" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={!link.trim()}>
          Join
        </button>
      </form>
      <p>
        <a href="#/review">Review a recorded night from its archive</a> (offline)
      </p>
    </main>
  );
}

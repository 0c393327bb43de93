import { useState, type FormEvent } from 'react';
import { navigate } from '../../lib/route';
import { joinHash, readJoinLink } from './joinLink';
import { PlanNightCard } from './PlanNightCard';

/** A `#/join` opened without its token says so before anything else. */
function brokenJoinInHash(hash: string): string | null {
  if (!hash.startsWith('#/join')) return null;
  const reading = readJoinLink(`${window.location.origin}/${hash}`, window.location.origin);
  return reading.ok ? null : reading.reason;
}

/** In a browser, the way in is the join link the lead sent; whoever runs the hub may plan a night. */
export function WebStart() {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | null>(() => brokenJoinInHash(window.location.hash));
  const planning = window.location.hash.startsWith('#/plan');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const reading = readJoinLink(link, window.location.origin);
    if (!reading.ok) return setError(reading.reason);
    navigate(joinHash(reading.cutoverId, reading.token));
  };
  return (
    <main className="start">
      <h1 className="start__title">Warroom</h1>
      <p className="start__lede">Runbook, live lag and go/no-go decisions for the night of a cutover.</p>
      <form className="card" onSubmit={submit} aria-label="Join">
        <label className="field">
          <span>Paste the join link the lead sent you</span>
          <input
            autoFocus={!planning}
            value={link}
            onChange={(e) => setLink(e.target.value)}
            placeholder="http://…/#/join?c=…&t=…"
            aria-invalid={error !== null}
            aria-describedby={error ? 'join-error' : undefined}
          />
        </label>
        {error && (
          <p className="error" role="alert" id="join-error" data-testid="join-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={!link.trim()}>
          Join
        </button>
      </form>
      <PlanNightCard open={planning} />
      <p>
        <a href="#/review">Review a recorded night from its archive</a> (offline)
      </p>
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import { listTemplates } from '@shared/runbook';
import { navigate } from '../../lib/route';
import { checkAdmin, planOnHub } from './hubRequests';
import { joinHash } from './joinLink';
import { NewCutoverCard, type PlanNight } from './NewCutoverCard';

const TEMPLATES = listTemplates().map(({ id, title, windowMinutes }) => ({ id, title, windowMinutes }));

/**
 * "Plan a new night" in a browser: the hub's admin token first (printed when the hub starts,
 * or its WARROOM_ADMIN_TOKEN), then the desktop's own form. The token is kept in this page's
 * memory only: never in storage, never in a URL. The new night opens with the lead's link.
 */
export function PlanNightCard({ open }: { open: boolean }) {
  const [token, setToken] = useState('');
  const [admitted, setAdmitted] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const refused = await checkAdmin(token.trim()).finally(() => setBusy(false));
    setError(refused);
    if (!refused) setAdmitted(token.trim());
  };

  if (admitted) {
    const plan: PlanNight = async (request) => {
      const r = await planOnHub(admitted, request);
      if (!r.ok) return r;
      navigate(joinHash(r.cutoverId, r.leadToken));
      return { ok: true };
    };
    return <NewCutoverCard templates={TEMPLATES} plan={plan} heading="Plan a new night" />;
  }
  return (
    <form className="card" onSubmit={(e) => void check(e)} aria-label="Plan a new night">
      <h2>Plan a new night</h2>
      <p className="hint">For whoever runs this hub: its admin token was printed when it started (or is its WARROOM_ADMIN_TOKEN).</p>
      <label className="field">
        <span>Admin token</span>
        <input type="password" autoComplete="off" autoFocus={open} value={token} onChange={(e) => setToken(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={!token.trim() || busy}>
        Continue
      </button>
    </form>
  );
}

import { useEffect, useState } from 'react';
import type { HubStatus, RecentCutover, SecretsStatus } from '@shared/ipc/contract';
import { cutoverHash, navigate } from '../../lib/route';
import { HostingCard } from './HostingCard';
import { JoinCard } from './JoinCard';
import { NewCutoverCard, type PlanNight, type TemplateChoice } from './NewCutoverCard';

/** The desktop start screen: reopen a night, plan a new one, join one, or host for the team. */
export function DesktopStart() {
  const bridge = window.warroom!;
  const [recent, setRecent] = useState<RecentCutover[]>([]);
  const [secrets, setSecrets] = useState<SecretsStatus | null>(null);
  const [hub, setHub] = useState<HubStatus | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [templates, setTemplates] = useState<TemplateChoice[]>([]);

  useEffect(() => {
    void bridge.settings.get().then((s) => setRecent([...s.recentCutovers].sort((a, b) => b.lastOpenedAt - a.lastOpenedAt)));
    void bridge.secrets.status().then(setSecrets);
    void bridge.hub.status().then(setHub);
    void bridge.templates.list().then(setTemplates);
  }, [bridge]);

  const open = async (r: RecentCutover) => {
    const result = await bridge.membership.open({ cutoverId: r.cutoverId, hub: r.hub });
    if (result.ok) navigate(cutoverHash(result.membership.hub, result.membership.cutoverId));
    else setOpenError(result.errors.map((e) => e.message).join('; '));
  };

  const plan: PlanNight = async (request) => {
    const r = await bridge.cutovers.create(request);
    if (!r.ok) return r;
    navigate(cutoverHash(r.membership.hub, r.membership.cutoverId));
    return { ok: true };
  };

  return (
    <main className="start start--desktop">
      <h1 className="start__title">Warroom</h1>
      <p className="start__lede">Runbook, live lag and go/no-go decisions for the night of a cutover.</p>
      {secrets && !secrets.secure && !secrets.weakStorageAllowed && (
        <div className="banner banner--warn" role="alert">
          This system has no keyring ({secrets.backend}), so invite tokens could only be stored with weak encryption.
          <button type="button" onClick={() => void bridge.secrets.allowWeakStorage(true).then(setSecrets)}>
            Store them anyway
          </button>
        </div>
      )}
      <section className="card">
        <h2>Recent cutovers</h2>
        {recent.length === 0 ? (
          <p className="hint">None yet. Plan a new one below, or join with a link from your lead.</p>
        ) : (
          <ul className="recent">
            {recent.map((r) => (
              <li key={`${r.hub}|${r.cutoverId}`}>
                <button type="button" className="link" onClick={() => void open(r)}>
                  {r.title}
                </button>
                <span className="hint">
                  {r.role} · {new URL(r.hub).host} · opened {new Date(r.lastOpenedAt).toLocaleString()}
                </span>
              </li>
            ))}
          </ul>
        )}
        {openError && (
          <p className="error" role="alert">
            {openError}
          </p>
        )}
      </section>
      <p>
        <a href="#/review">Review a recorded night from its archive</a>
      </p>
      <NewCutoverCard templates={templates} plan={plan} />
      <JoinCard />
      {hub && <HostingCard status={hub} onChange={setHub} />}
    </main>
  );
}

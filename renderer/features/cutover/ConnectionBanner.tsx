import { useCutover } from '../../connection/cutoverStore';

/** Says plainly when what you do is not reaching the hub yet, and that it is kept. */
export function ConnectionBanner() {
  const status = useCutover((s) => s.status);
  const refusal = useCutover((s) => s.refusal);
  const queued = useCutover((s) => s.pending.length);
  if (status === 'live') {
    return queued > 0 ? (
      <div className="banner banner--info" role="status">
        Sending {queued} change{queued > 1 ? 's' : ''}…
      </div>
    ) : null;
  }
  if (status === 'refused') {
    return (
      <div className="banner banner--danger" role="alert" data-testid="conn-banner">
        The hub refused this link: {refusal}. Ask the lead for a new invite.
      </div>
    );
  }
  const what =
    status === 'syncing' ? 'Catching up with the hub…' : status === 'connecting' ? 'Connecting to the hub…' : 'Connection to the hub lost. Reconnecting…';
  return (
    <div className="banner banner--warn" role="status" data-testid="conn-banner">
      {what}
      {queued > 0 && ` ${queued} change${queued > 1 ? 's are' : ' is'} kept and will be sent when it is back.`}
    </div>
  );
}

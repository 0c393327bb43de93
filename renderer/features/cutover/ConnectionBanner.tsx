import { useEffect, useState } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { oldestQueuedAt, slowIn } from './slowSend';

/** True once the longest wait of a change queued at `oldest` is slow (slowSend.ts); redrawn when it becomes so. */
function useSlowSend(oldest: number | null): boolean {
  const [, redraw] = useState(0);
  const left = slowIn(oldest, Date.now());
  useEffect(() => {
    if (left === null || left <= 0) return;
    const timer = setTimeout(() => redraw((n) => n + 1), left);
    return () => clearTimeout(timer);
  }, [left]);
  return left !== null && left <= 0;
}

/** What the banner says while not live: why the hub let this window go, if it said. */
function notLiveWords(status: string, interruption: string | null): string {
  if (status === 'syncing') return 'Catching up with the hub…';
  if (interruption) return `${interruption}. Trying again…`;
  return status === 'connecting' ? 'Connecting to the hub…' : 'Connection to the hub lost. Reconnecting…';
}

/** Says plainly when what you do is not reaching the hub yet, and that it is kept. */
export function ConnectionBanner() {
  const status = useCutover((s) => s.status);
  const refusal = useCutover((s) => s.refusal);
  const interruption = useCutover((s) => s.interruption);
  const queued = useCutover((s) => s.pending.length);
  const slow = useSlowSend(useCutover((s) => oldestQueuedAt(s.pending)));
  if (status === 'live') {
    // Slow only while something waits: `queued` is at least 1 then.
    return slow ? (
      <div className="banner banner--info" role="status" data-testid="sending-banner">
        Sending {queued} change{queued > 1 ? 's' : ''}…
      </div>
    ) : null;
  }
  if (status === 'refused') {
    return (
      <div className="banner banner--danger" role="alert" data-testid="conn-banner">
        The hub refused this link: {refusal}. Ask the lead for a new invite.
        {queued > 0 &&
          ` ${queued === 1 ? 'A change' : `${queued} changes`} made here may not have reached the hub: once you are back in, look at the night before doing ${queued === 1 ? 'it' : 'them'} again.`}
      </div>
    );
  }
  const what = notLiveWords(status, interruption);
  return (
    <div className="banner banner--warn" role="status" data-testid="conn-banner">
      {what}
      {queued > 0 && ` ${queued} change${queued > 1 ? 's are' : ' is'} kept and will be sent when it is back.`}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { takeConnection, targetKey } from '../../connection/connect';
import { keepName, readName } from '../../connection/displayName';
import type { Target } from '../../connection/openConnection';
import { JoinGate, NamePrompt, useInviteCheck } from '../start';
import { CutoverScreen } from './CutoverScreen';

type CutoverRouteProps = { target: Target; onToggleTheme: () => void };

/**
 * Checks a web link with the hub first (a wrong or revoked one is told before the name is
 * asked), then shows the cutover. When the name is known already, the connection opens while
 * the link is being checked: the night is on its way by the time the check says it may be
 * shown, instead of being asked for only then. A link the check refuses stops it.
 */
export function CutoverRoute({ target, onToggleTheme }: CutoverRouteProps) {
  const link = target.mode === 'web' ? { cutoverId: target.cutoverId, token: target.token } : null;
  const check = useInviteCheck(link);
  const [name, setName] = useState<string | null>(readName);

  useEffect(() => {
    if (name || !window.warroom) return;
    void window.warroom.settings
      .get()
      .then((s) => s.displayName && setName(s.displayName))
      .catch(() => undefined);
  }, [name]);

  useConnection(target, name !== null && (check === null || check.ok) ? name : null);

  return (
    <JoinGate link={link} check={check}>
      {(invitedTo) =>
        name ? (
          <CutoverScreen onToggleTheme={onToggleTheme} hub={target.hub} token={target.mode === 'web' ? target.token : null} />
        ) : (
          <NamePrompt
            initial=""
            context={invitedTo}
            onName={(n) => {
              keepName(n);
              void window.warroom?.settings.set({ displayName: n }).catch(() => undefined);
              setName(n);
            }}
          />
        )
      }
    </JoinGate>
  );
}

/** The hub connection for one cutover, open while `name` is set (the page's first script may have opened it). */
function useConnection(target: Target, name: string | null): void {
  const key = targetKey(target);
  useEffect(() => {
    if (!name) return;
    return takeConnection(target, name);
    // The key captures the target; re-connecting on every render would be wrong.
  }, [key, name]);
}

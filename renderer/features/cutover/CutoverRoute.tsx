import { useEffect, useState } from 'react';
import { useCutover } from '../../connection/cutoverStore';
import { openConnection, type Target } from '../../connection/openConnection';
import { JoinGate, NamePrompt } from '../start';
import { CutoverScreen } from './CutoverScreen';

const NAME_KEY = 'warroom.name';

type CutoverRouteProps = { target: Target; onToggleTheme: () => void };

/** Checks a web link with the hub first (a wrong or revoked one is told before the name is asked), then connects. */
export function CutoverRoute(props: CutoverRouteProps) {
  const { target } = props;
  return (
    <JoinGate link={target.mode === 'web' ? { cutoverId: target.cutoverId, token: target.token } : null}>
      {(invitedTo) => <ConnectedCutover {...props} invitedTo={invitedTo} />}
    </JoinGate>
  );
}

/** Opens the hub connection for one cutover (after asking for a name once) and shows it. */
function ConnectedCutover({ target, onToggleTheme, invitedTo }: CutoverRouteProps & { invitedTo: string }) {
  const [name, setName] = useState<string | null>(() => localStorage.getItem(NAME_KEY));
  const attach = useCutover((s) => s.attach);
  const key = `${target.hub}|${target.cutoverId}|${target.mode === 'web' ? target.token : ''}`;

  useEffect(() => {
    if (name || !window.warroom) return;
    void window.warroom.settings
      .get()
      .then((s) => s.displayName && setName(s.displayName))
      .catch(() => undefined);
  }, [name]);

  useEffect(() => {
    if (!name) return;
    const client = openConnection(target, name);
    const detach = attach(client);
    client.start();
    return () => {
      client.stop();
      detach();
    };
    // The key captures the target; re-connecting on every render would be wrong.
  }, [key, name, attach]);

  if (!name) {
    return (
      <NamePrompt
        initial=""
        context={invitedTo}
        onName={(n) => {
          localStorage.setItem(NAME_KEY, n);
          void window.warroom?.settings.set({ displayName: n }).catch(() => undefined);
          setName(n);
        }}
      />
    );
  }
  return <CutoverScreen onToggleTheme={onToggleTheme} hub={target.hub} token={target.mode === 'web' ? target.token : null} />;
}

import { Fragment, useEffect, useState } from 'react';
import type { WarroomApi } from '@shared/ipc/api';
import { targetOf } from './connection/connect';
import { CutoverRoute } from './features/cutover';
import { DesktopStart, WebStart } from './features/start';
import { LinkJoinPrompt, type LinkJoin } from './features/start/LinkJoinPrompt';
import { cutoverHash, navigate, useRoute } from './lib/route';
import { runScreenCommand } from './lib/screenCommands';
import { lazyComponent } from './lib/lazyComponent';
import { useTheme } from './lib/theme';

/**
 * A recorded night's review (the archive's format and every event's schema, the postmortem)
 * loads when that route is opened: a live night does not build what only a review reads.
 */
const ReviewRoute = lazyComponent(
  () => import('./features/review').then((m) => m.ReviewRoute),
  <main className="start">
    <p className="loading" role="status">
      Opening the review…
    </p>
  </main>,
);

/**
 * A join by warroom:// link: the cutover opens; or the main process asks first (the link would
 * replace the access this desktop already has to that night) and the screen puts the question;
 * or it failed, and the screen says why (the window came forward for it).
 */
async function joinByLink(bridge: WarroomApi, link: string, replace: boolean, show: (state: LinkJoin | null) => void): Promise<void> {
  try {
    const r = await bridge.membership.join({ link, replace });
    if (r.ok) {
      show(null);
      navigate(cutoverHash(r.membership.hub, r.membership.cutoverId));
    } else if (r.replace && !replace) show({ kind: 'replace', link, ...r.replace });
    else show({ kind: 'failed', reason: r.errors.map((e) => e.message).join('; ') });
  } catch (error) {
    show({ kind: 'failed', reason: (error as Error).message });
  }
}

/** Web mode (a browser on the hub) or the desktop app (the preload's bridge is there). */
export function App() {
  const route = useRoute();
  const [, toggleTheme] = useTheme();
  const desktop = window.warroom !== undefined;
  const [linkJoin, setLinkJoin] = useState<LinkJoin | null>(null);
  // Bumped when a link replaced this desktop's access: a night already open here connects again, with the new invite.
  const [replaced, setReplaced] = useState(0);

  useEffect(() => {
    const bridge = window.warroom;
    if (!bridge) return;
    const offLink = bridge.onJoinLink(({ link }) => {
      void joinByLink(bridge, link, false, setLinkJoin);
    });
    const offMenu = bridge.onMenuCommand((cmd) => {
      if (cmd === 'toggle-theme') toggleTheme();
      if (cmd === 'go-start' || cmd === 'new-cutover' || cmd === 'join') navigate(`#/?focus=${cmd}`);
      // The same actions as the screen's keys, called directly.
      if (cmd === 'help' || cmd === 'add-note') runScreenCommand(cmd);
    });
    return () => {
      offLink();
      offMenu();
    };
  }, [toggleTheme]);

  const target = route.name === 'review' ? null : targetOf(route, desktop);
  const screen =
    route.name === 'review' ? (
      <ReviewRoute />
    ) : target ? (
      <CutoverRoute target={target} onToggleTheme={toggleTheme} />
    ) : desktop ? (
      <DesktopStart />
    ) : (
      <WebStart />
    );
  const bridge = window.warroom;
  // Always the same shape, so that the question coming and going never remounts the screen (and its socket).
  return (
    <>
      <Fragment key={replaced}>{screen}</Fragment>
      {linkJoin && bridge && (
        <LinkJoinPrompt
          state={linkJoin}
          onReplace={() =>
            linkJoin.kind === 'replace'
              ? joinByLink(bridge, linkJoin.link, true, (state) => {
                  setLinkJoin(state);
                  if (state === null) setReplaced((n) => n + 1);
                })
              : Promise.resolve()
          }
          onClose={() => setLinkJoin(null)}
        />
      )}
    </>
  );
}

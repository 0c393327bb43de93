import { useEffect } from 'react';
import { targetOf } from './connection/connect';
import { CutoverRoute } from './features/cutover';
import { DesktopStart, WebStart } from './features/start';
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

/** Web mode (a browser on the hub) or the desktop app (the preload's bridge is there). */
export function App() {
  const route = useRoute();
  const [, toggleTheme] = useTheme();
  const desktop = window.warroom !== undefined;

  useEffect(() => {
    const bridge = window.warroom;
    if (!bridge) return;
    const offLink = bridge.onJoinLink(({ link }) => {
      void bridge.membership.join({ link }).then((r) => r.ok && navigate(cutoverHash(r.membership.hub, r.membership.cutoverId)));
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

  if (route.name === 'review') return <ReviewRoute />;
  const target = targetOf(route, desktop);
  if (target) return <CutoverRoute target={target} onToggleTheme={toggleTheme} />;
  return desktop ? <DesktopStart /> : <WebStart />;
}

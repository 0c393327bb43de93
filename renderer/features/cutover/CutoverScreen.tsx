import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { dialogOpen, isPageKey } from '../../lib/keys';
import { usePreloadWhenIdle } from '../../lib/lazyComponent';
import { useScreenCommands } from '../../lib/screenCommands';
import { useCutover } from '../../connection/cutoverStore';
import { forgetName } from '../../connection/displayName';
import { CommsPanel, useComposeRequest } from '../comms';
import { CrewPanel } from '../crew';
import { CutoverHeader } from '../header';
import { HelpOverlay } from '../help';
import { LagPanel } from '../lag';
import { SeriesSetupButton } from '../lagSetup';
import { Notifications } from '../notifications';
import { AskedBar, DecisionPanel, PollsPanel } from '../polls';
import { RunbookPanel } from '../runbook';
import { JoinRefused } from '../start';
import { TimelinePanel } from '../timeline';
import { ConnectionBanner } from './ConnectionBanner';
import { ExportArchive } from './ExportArchive';
import { LeadControls } from './LeadControls';
import { NightBanners } from './NightBanners';
import { Refusals } from './Refusals';

/** After a refusal over the name (too long, or a single-use link someone else holds): ask for it again. */
const otherName = () => {
  forgetName();
  window.location.reload();
};

type CutoverScreenProps = { onToggleTheme: () => void; hub: string; token: string | null };

/** The screen the crew lives in: header, runbook, and the timeline or crew beside it. */
export function CutoverScreen({ onToggleTheme, hub, token }: CutoverScreenProps) {
  const [side, setSide] = useState<'timeline' | 'polls' | 'comms' | 'crew'>('timeline');
  // "Compose update…" and "Tell everyone…" elsewhere open the Comms tab with their template.
  const composeAsked = useComposeRequest((s) => s.request?.seq ?? null);
  useEffect(() => {
    if (composeAsked !== null) setSide('comms');
  }, [composeAsked]);
  const openPolls = useCutover((s) => s.state.pollOrder.filter((id) => s.state.polls[id]?.rounds.at(-1)?.closedAt === null).length);
  const [help, setHelp] = useState(false);
  const loaded = useCutover((s) => s.state.info !== null);
  const refusedBeforeLoading = useCutover((s) => (s.status === 'refused' && s.state.info === null ? (s.refusal ?? 'The hub refused this link') : null));

  // What a key and its menu item both do.
  const showHelp = useCallback(() => setHelp(true), []);
  // The poll's board, in view: in one column the side panel is further down the page.
  const answerPoll = useCallback(() => {
    setSide('polls');
    document.querySelector('.cutover-side')?.scrollIntoView({ block: 'start' });
  }, []);
  const addNote = useCallback(() => {
    // The composer is on the timeline tab, which may only now be drawn. It is drawn and
    // focused before this key's handler returns: the browser runs queued keystrokes before
    // timers, so with the focus left to a timer the first letters of a fast-typed note fell
    // on the page's keys: t flipped the theme, and s, f or b opened the selected step's skip,
    // fail or block prompt, which took the rest of the note, and Enter, as its reason.
    flushSync(() => setSide('timeline'));
    document.getElementById('note-composer')?.focus();
  }, []);
  useScreenCommands({ help: showHelp, 'add-note': addNote });
  // The Comms tab's code, once the night is on screen and the page idle.
  usePreloadWhenIdle(loaded && CommsPanel);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Escape closes the help wherever the focus is; the other keys are the page's only.
      if (e.key === 'Escape') return setHelp(false);
      // The menu's Add note, whose keys the menu leaves to the page (electron/menu.ts): from a
      // field too, as a menu's keys work, but not from inside a dialog.
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'n' && !dialogOpen()) {
        e.preventDefault();
        return addNote();
      }
      if (!isPageKey(e)) return;
      if (e.key === '?') showHelp();
      else if (e.key === 't') onToggleTheme();
      else if (e.key === 'n') {
        e.preventDefault();
        addNote();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onToggleTheme, showHelp, addNote]);

  return (
    <div className="cutover-screen">
      <ConnectionBanner />
      {loaded ? (
        <>
          <CutoverHeader />
          {/* Above everything else: while a poll waits on the approver, it is what they see first. */}
          <DecisionPanel />
          <AskedBar onAnswer={answerPoll} />
          <div className="cutover-body">
            <main className="cutover-main">
              <NightBanners />
              <LagPanel />
              <div className="screen-tools">
                <LeadControls />
                <SeriesSetupButton />
                <ExportArchive hub={hub} token={token} />
              </div>
              <RunbookPanel />
            </main>
            <aside className="cutover-side">
              {/* The help button sits beside the tab list, not in it: a tab list holds tabs only. */}
              <div className="tabs">
                <div className="tabs__list" role="tablist" aria-label="Side panel">
                  <button type="button" role="tab" aria-selected={side === 'timeline'} onClick={() => setSide('timeline')}>
                    Timeline
                  </button>
                  <button type="button" role="tab" aria-selected={side === 'polls'} onClick={() => setSide('polls')}>
                    Go/No-go
                    {openPolls > 0 && (
                      <span className="badge" data-testid="open-polls">
                        {openPolls} open
                      </span>
                    )}
                  </button>
                  <button type="button" role="tab" aria-selected={side === 'comms'} onClick={() => setSide('comms')} data-testid="comms-tab">
                    Comms
                  </button>
                  <button type="button" role="tab" aria-selected={side === 'crew'} onClick={() => setSide('crew')}>
                    Crew
                  </button>
                </div>
                <button type="button" className="tabs__help" onClick={() => setHelp(true)} aria-label="Keyboard help">
                  ?
                </button>
              </div>
              {side === 'timeline' ? (
                <TimelinePanel />
              ) : side === 'polls' ? (
                <PollsPanel />
              ) : side === 'comms' ? (
                <CommsPanel hub={hub} />
              ) : (
                <CrewPanel token={token} />
              )}
            </aside>
          </div>
        </>
      ) : refusedBeforeLoading ? (
        // Refused before anything arrived: say why, with a way out, instead of loading for good.
        <JoinRefused reason={refusedBeforeLoading} onOtherName={otherName} />
      ) : (
        <p className="loading" role="status">
          Loading the cutover…
        </p>
      )}
      <Refusals />
      <Notifications />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

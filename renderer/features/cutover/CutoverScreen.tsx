import { useCallback, useEffect, useState } from 'react';
import { isTyping } from '../../lib/keys';
import { useScreenCommands } from '../../lib/screenCommands';
import { useCutover } from '../../connection/cutoverStore';
import { CommsPanel, useComposeRequest } from '../comms';
import { CrewPanel } from '../crew';
import { CutoverHeader } from '../header';
import { HelpOverlay } from '../help';
import { LagPanel } from '../lag';
import { SeriesSetupButton } from '../lagSetup';
import { useNotifications } from '../notifications';
import { DecisionPanel, PollsPanel } from '../polls';
import { RunbookPanel } from '../runbook';
import { TimelinePanel } from '../timeline';
import { ConnectionBanner } from './ConnectionBanner';
import { ExportArchive } from './ExportArchive';
import { LeadControls } from './LeadControls';
import { NightBanners } from './NightBanners';
import { Refusals } from './Refusals';

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
  useNotifications();

  // What a key and its menu item both do.
  const showHelp = useCallback(() => setHelp(true), []);
  const addNote = useCallback(() => {
    setSide('timeline');
    // The composer is on the timeline tab, which may only now be rendered.
    setTimeout(() => document.getElementById('note-composer')?.focus(), 0);
  }, []);
  useScreenCommands({ help: showHelp, 'add-note': addNote });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === '?') showHelp();
      else if (e.key === 'Escape') setHelp(false);
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
              <div className="tabs" role="tablist">
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
                <button type="button" className="tabs__help" onClick={() => setHelp(true)} aria-label="Keyboard help">
                  ?
                </button>
              </div>
              {side === 'timeline' ? <TimelinePanel /> : side === 'polls' ? <PollsPanel /> : side === 'comms' ? <CommsPanel hub={hub} /> : <CrewPanel />}
            </aside>
          </div>
        </>
      ) : (
        <p className="loading">Loading the cutover…</p>
      )}
      <Refusals />
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import type { CutoverState } from '@shared/cutover';
import { useCutover } from '../../connection/cutoverStore';
import { useLag } from '../../connection/lagStore';
import { CrewPanel } from '../crew';
import { CutoverHeader } from '../header';
import { LagPanel } from '../lag';
import { PollsPanel } from '../polls';
import { RunbookPanel } from '../runbook';
import { TimelinePanel } from '../timeline';
import { GanttPanel } from './GanttPanel';
import { PostmortemPanel } from './PostmortemPanel';
import { RehearsalPanel } from './RehearsalPanel';
import { Replay } from './replay';
import type { LoadedNight } from './ReviewRoute';
import { Scrubber } from './Scrubber';

type ReviewScreenProps = { night: LoadedNight; onClose: () => void };

/**
 * A recorded night, offline. The same panels as on the night itself, fed by a replay at the
 * chosen moment; the analysis (planned against actual, the postmortem) reads the whole night.
 */
export function ReviewScreen({ night, onClose }: ReviewScreenProps) {
  const replay = useMemo(() => new Replay(night.events), [night]);
  const [at, setAt] = useState(replay.end);
  const [playing, setPlaying] = useState<number | null>(null);
  const [main, setMain] = useState<'runbook' | 'gantt' | 'postmortem' | 'rehearsal'>('runbook');
  const [side, setSide] = useState<'timeline' | 'polls' | 'crew'>('timeline');
  // Loaded once in the Rehearsal tab, it also feeds the postmortem's rehearsal-against-live table.
  const [rehearsal, setRehearsal] = useState<CutoverState | null>(null);
  const showReplay = useCutover((s) => s.showReplay);
  const tz = night.state.info?.window.timeZone ?? 'UTC';

  // The charts read every sample of the night; each shows them up to the moment scrubbed to.
  useEffect(() => {
    useLag.getState().reset();
    useLag.getState().ingest(night.samples, { history: true });
    return () => useLag.getState().reset();
  }, [night]);

  useEffect(() => {
    const { state, events } = replay.stateAt(at);
    showReplay({ state, events, now: at, seek: (t) => setAt(t) });
  }, [replay, at, showReplay]);

  useEffect(() => {
    if (playing === null) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      setAt((t) => {
        const next = t + (now - last) * playing;
        if (next >= replay.end) setPlaying(null);
        return Math.min(replay.end, next);
      });
      last = now;
    }, 250);
    return () => clearInterval(timer);
  }, [playing, replay]);

  return (
    <div className="cutover-screen review">
      <div className="review__bar">
        <strong>Recorded night</strong>
        <span className="hint">{night.fileName} · offline</span>
        <Scrubber start={replay.start} end={replay.end} at={at} timeZone={tz} playing={playing} onSeek={setAt} onPlay={setPlaying} />
        <button type="button" onClick={onClose}>
          Open another
        </button>
      </div>
      <CutoverHeader />
      <div className="cutover-body">
        <main className="cutover-main">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={main === 'runbook'} onClick={() => setMain('runbook')}>
              Runbook at this moment
            </button>
            <button type="button" role="tab" aria-selected={main === 'gantt'} onClick={() => setMain('gantt')}>
              Planned against actual
            </button>
            <button type="button" role="tab" aria-selected={main === 'postmortem'} onClick={() => setMain('postmortem')}>
              Postmortem
            </button>
            <button type="button" role="tab" aria-selected={main === 'rehearsal'} onClick={() => setMain('rehearsal')}>
              Rehearsal
            </button>
          </div>
          {main === 'runbook' && (
            <>
              <LagPanel />
              <RunbookPanel />
            </>
          )}
          {main === 'gantt' && <GanttPanel state={night.state} />}
          {main === 'postmortem' && <PostmortemPanel night={night} rehearsal={rehearsal} />}
          {main === 'rehearsal' && <RehearsalPanel night={night} rehearsal={rehearsal} onRehearsal={setRehearsal} />}
        </main>
        <aside className="cutover-side">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={side === 'timeline'} onClick={() => setSide('timeline')}>
              Timeline
            </button>
            <button type="button" role="tab" aria-selected={side === 'polls'} onClick={() => setSide('polls')}>
              Go/No-go
            </button>
            <button type="button" role="tab" aria-selected={side === 'crew'} onClick={() => setSide('crew')}>
              Crew
            </button>
          </div>
          {side === 'timeline' ? <TimelinePanel /> : side === 'polls' ? <PollsPanel /> : <CrewPanel />}
        </aside>
      </div>
    </div>
  );
}

import { useMemo, useState } from 'react';
import { mayIssue } from '../../../shared/cutover';
import { useCutover, useMyRole } from '../../connection/cutoverStore';
import { clockTime } from '../../lib/time';
import { NoteComposer } from './NoteComposer';
import { describeEvent } from './timelineView';

const PAGE = 200;

/** Every event with who and when (hub time), newest first; a long night shows a page at a time. */
export function TimelinePanel() {
  const events = useCutover((s) => s.events);
  const state = useCutover((s) => s.state);
  const role = useMyRole();
  const [shown, setShown] = useState(PAGE);
  const seek = useCutover((s) => s.seek);
  const tz = state.info?.window.timeZone ?? 'UTC';
  const entries = useMemo(() => events.slice(-shown).reverse().map((e) => describeEvent(e, state)), [events, shown, state]);
  return (
    <section className="timeline" aria-label="Timeline">
      {mayIssue(role, 'note.add') && <NoteComposer />}
      {entries.length === 0 && <p className="hint">Nothing has happened yet.</p>}
      <ol className="timeline__list">
        {entries.map((t) => (
          <li key={t.seq} className={`tl tl--${t.tone}`} data-seq={t.seq}>
            {seek ? (
              <button type="button" className="tl__seek" title="Show the night at this moment" onClick={() => seek(t.at)}>
                <time>{clockTime(t.at, tz, true)}</time>
              </button>
            ) : (
              <time>{clockTime(t.at, tz, true)}</time>
            )}
            <span className="tl__who">{t.who}</span>
            <span className="tl__text">{t.text}</span>
          </li>
        ))}
      </ol>
      {events.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>Show earlier ({events.length - shown} more)</button>
      )}
    </section>
  );
}
